#!/usr/bin/env bash
# Installs GraphDrive's Debian packages (Java 17, Maven, Node.js, nginx, FUSE, and rsync, vim, sqlite3 for the
# mount tests) and builds every module.
# --packages-only: install packages, skip the build (the test command builds as it tests).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=()
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
if ! command -v java >/dev/null || [ "$(java_major)" != 17 ]; then missing+=(openjdk-17-jdk-headless); fi
command -v mvn >/dev/null || missing+=(maven)
command -v rsync >/dev/null || missing+=(rsync)
# The mount tests run these real programs on the drive.
command -v vim >/dev/null || missing+=(vim)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
dpkg -s fuse3 >/dev/null 2>&1 || missing+=(fuse3)
dpkg -s libfuse2 >/dev/null 2>&1 || missing+=(libfuse2)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ "${1:-}" != "--packages-only" ]; then
  echo "setup: building GraphDrive (Maven and npm dependencies are fetched on the first build)"
  cd "$ROOT"
  mvn -B -ntp -q package -DskipTests
  echo "setup: done"
fi
