#!/usr/bin/env bash
# The sidecar under backend faults (issue 10): three replay backends — simulated LLMs, see
# docs/replay.md — one answering 10% 429s, one 10% non-JSON 200s, one hanging on 2% of calls, then
# a run with 10% 500s; 10,000 routed and 2,000 streamed requests each, every answer checked. Then
# the overload run: a new prompt per request at 8 clients, with and without the embedding-wait
# bound. Writes bench/resilience/report.md; exits 1 if any answer failed. Needs only Java and Maven.
# Usage: bench/resilience/run.sh [--routed N] [--streamed N] [--clients N] [--overload N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# Compile through the reactor (never install) and get the test classpath of router-sidecar.
mvn -B -q -o -pl router-sidecar -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/router-sidecar/target/bench.classpath" >/dev/null
cp="$root/router-sidecar/target/test-classes:$root/router-sidecar/target/classes:$root/routing-core/target/classes:$root/replay/target/classes:$(cat "$root/router-sidecar/target/bench.classpath")"
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.uniroute.sidecar.bench.FaultLoadBench \
  --out "$root/bench/resilience/report.md" "$@"
