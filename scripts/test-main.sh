#!/usr/bin/env bash
# Runs a main class of tagging-workers' test sources (an evaluation or benchmark) against this checkout's
# modules as compiled now, not against whatever an earlier build left in the local Maven repository, with the
# JVM flags every GraphDrive JVM gets (scripts/jvm-flags).
# Usage: scripts/test-main.sh CLASS [ARGS...]   (add MVN_OPTS=-o to build offline)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q ${MVN_OPTS:-} -pl tagging-workers -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
cp="tagging-workers/target/test-classes:tagging-workers/target/classes:$(cat tagging-workers/target/test-classpath.txt)"
exec java @scripts/jvm-flags -cp "$cp" "$@"
