#!/usr/bin/env bash
# Installs GraphDrive's Debian packages (Java 17, Maven, Node.js, nginx, Redis, FUSE, ffmpeg and pocketsphinx for the
# workers, and the tools the tests use), Ray's Python package in /opt/graphdrive-ray, and builds every module.
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
dpkg -s python3-venv >/dev/null 2>&1 || missing+=(python3-venv)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# `up` keeps the volume's metadata in its own redis-server.
command -v redis-server >/dev/null || missing+=(redis-server)
# The mount binds libfuse3 (3.12 or newer) and unmounts with fusermount3.
dpkg -s fuse3 >/dev/null 2>&1 || missing+=(fuse3)
dpkg -s libfuse3-3 >/dev/null 2>&1 || missing+=(libfuse3-3)
# The tagging workers decode audio and video with ffmpeg and transcribe speech with pocketsphinx.
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
dpkg -s pocketsphinx >/dev/null 2>&1 || missing+=(pocketsphinx)
dpkg -s pocketsphinx-en-us >/dev/null 2>&1 || missing+=(pocketsphinx-en-us)
# The tests speak with espeak-ng, draw English and Chinese text with these fonts, compare OCR with
# Tesseract, and write tiny ONNX models with python3-onnx.
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || missing+=(fonts-wqy-zenhei)
command -v tesseract >/dev/null || missing+=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim)
dpkg -s python3-onnx >/dev/null 2>&1 || missing+=(python3-onnx python3-numpy)
# The mount tests build pjdfstest (../shared/tools) and clone with git; the benchmarks run fio and wrk.
command -v fio >/dev/null || missing+=(fio)
command -v wrk >/dev/null || missing+=(wrk)
# A test checks docker-compose.yml with `docker-compose config` (no Docker engine is needed for that).
command -v docker-compose >/dev/null || missing+=(docker-compose)
for tool in autoconf automake gcc make git; do command -v $tool >/dev/null || missing+=($tool); done
# The web UI's browser test drives Debian's chromium through npm playwright-core.
command -v chromium >/dev/null || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# A Ray cluster (`ray start`: raylet, GCS and the Java worker runtime) comes from PyPI's ray of the Ray jars' version,
# in a venv of its own; RayClusterTest runs /opt/graphdrive-ray/bin/ray.
RAY_VENV=/opt/graphdrive-ray
RAY_VERSION="$(sed -n 's:.*<ray.version>\(.*\)</ray.version>.*:\1:p' "$ROOT/pom.xml")"
if ! "$RAY_VENV/bin/ray" --version 2>/dev/null | grep -qx "ray, version $RAY_VERSION"; then
  echo "setup: installing Ray $RAY_VERSION from PyPI in $RAY_VENV"
  # Without it only RayClusterTest fails (and says why), so the rest of the setup goes on.
  if ! { $SUDO /usr/bin/python3 -m venv "$RAY_VENV" \
         && $SUDO "$RAY_VENV/bin/pip" install -q --disable-pip-version-check "ray==$RAY_VERSION"; }; then
    echo "setup: could not install Ray $RAY_VERSION (its wheels need Python 3.9 to 3.12; this is" \
      "$(/usr/bin/python3 --version 2>&1)); RayClusterTest will fail" >&2
  fi
fi

if [ "${1:-}" != "--packages-only" ]; then
  echo "setup: building GraphDrive (Maven and npm dependencies are fetched on the first build)"
  cd "$ROOT"
  mvn -B -ntp -q package -DskipTests
  echo "setup: done"
fi
