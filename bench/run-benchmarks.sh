#!/usr/bin/env bash
# Builds routing-core's test classes and runs its JMH benchmarks (one routing decision with
# 100 LLMs × K = 100; one embedding of a 100-, 300- and 1,000-word prompt with each candidate text
# window); writes bench/report.md.
# Usage: bench/run-benchmarks.sh [--quick]     (--quick: short iterations; JMH_OPTS overrides both)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

opts="-f 1 -wi 3 -w 2s -i 5 -r 2s"
mode="standard"
if [ "${1:-}" = "--quick" ]; then
  opts="-f 1 -wi 2 -w 1s -i 3 -r 1s"
  mode="quick"
fi
opts="${JMH_OPTS:-$opts}"

echo "building routing-core test classes ..." >&2
mvn -B -q -pl routing-core -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="routing-core/target/test-classes:routing-core/target/classes:$(cat routing-core/target/bench-classpath.txt)"

out="$root/bench"
# shellcheck disable=SC2086
java -cp "$cp" org.openjdk.jmh.Main $opts -rf json -rff "$out/results.json" 'io\.uniroute\.core\.bench\..*' \
  | tee "$out/jmh-output.txt" >&2

{
  echo "# routing-core benchmarks (JMH)"
  echo
  echo "Made by \`bench/run-benchmarks.sh${1:+ $1}\` ($mode: JMH options \`$opts\`) on $(date -u +'%Y-%m-%d %H:%M UTC')."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'),"
  echo "$(java -version 2>&1 | head -n 1); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "The machine is shared, so treat the figures as upper bounds."
  echo
  echo "| benchmark | parameters | score | ± error (99.9%) | unit |"
  echo "|---|---|---|---|---|"
  jq -r '.[] | "| \(.benchmark | sub("io.uniroute.core.bench."; "")) | \((.params // {}) | to_entries | map("\(.key)=\(.value)") | join(", ")) | \(.primaryMetric.score * 1000 | round / 1000) | \(.primaryMetric.scoreError * 1000 | round / 1000) | \(.primaryMetric.scoreUnit) |"' \
    "$out/results.json"
  echo
  echo "- \`RoutingDecisionBenchmark.route\`: one routing decision given the prompt's embedding: Φ(x) over"
  echo "  K clusters of 384-d vectors (nearest centroid, or LearnedMap's softmax), γ = Φ(x)ᵀΨ for every"
  echo "  LLM, and argmin γ + λ·c (CostAwareRule)."
  echo "- \`EmbeddingBenchmark.embed\`: one prompt of \`words\` words of plain English embedded by MiniLmEmbedder"
  echo "  (all-MiniLM-L6-v2 quantized, in-process ONNX) with the text window \`window\` (head-N/tail-N: at most N"
  echo "  tokens; headtail-H-N: the first H and the last N-2-H word pieces; pool-NxW: up to W windows of N, averaged)."
} > "$out/report.md"
echo "wrote $out/report.md" >&2
