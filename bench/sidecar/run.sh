#!/usr/bin/env bash
# Sidecar performance: the load measurement (sidecar-added latency and req/s vs a direct call to the
# same backend, same run) and the JMH benchmark of one routing decision. Writes
# bench/sidecar/report.md and bench/sidecar/jmh.txt. Needs only Java and Maven (no wrk).
# `newprompt` runs NewPromptBenchmark alone (new-prompt throughput at 1 and 8 threads, ONNX Runtime's
# thread settings before issue 13 against today's, one JMH run; bench/sidecar/jmh-newprompt.txt).
# Usage: bench/sidecar/run.sh [load|jmh|newprompt|all] [seconds] [concurrency list]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
what="${1:-all}"; seconds="${2:-10}"; conc="${3:-1,8}"
cd "$root"
# The benchmark's table and traffic come from a dataset in format v1 with >= 1,000 prompts (the full
# llmrouter set; the team keeps it beside the repository).
export UNIROUTE_BENCH_DATASET="${UNIROUTE_BENCH_DATASET:-$root/../shared/datasets/llmrouter}"
# Compile through the reactor (never install) and get the test classpath of router-sidecar.
mvn -B -q -o -pl router-sidecar -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/router-sidecar/target/bench.classpath" >/dev/null
cp="$root/router-sidecar/target/test-classes:$root/router-sidecar/target/classes:$root/routing-core/target/classes:$(cat "$root/router-sidecar/target/bench.classpath")"
if [ "$what" = load ] || [ "$what" = all ]; then
  java -Xmx1g -cp "$cp" io.uniroute.sidecar.bench.SidecarLoadBench --seconds "$seconds" --concurrency "$conc" \
    --out "$root/bench/sidecar/report.md"
fi
if [ "$what" = jmh ] || [ "$what" = all ]; then
  java -Xmx1g -cp "$cp" org.openjdk.jmh.Main 'io.uniroute.sidecar.bench.DecisionBenchmark' -rf text \
    -rff "$root/bench/sidecar/jmh.txt"
fi
if [ "$what" = newprompt ]; then
  java -Xmx1g -cp "$cp" org.openjdk.jmh.Main 'io.uniroute.sidecar.bench.NewPromptBenchmark' -rf text \
    -rff "$root/bench/sidecar/jmh-newprompt.txt"
fi
