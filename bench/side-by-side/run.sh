#!/usr/bin/env bash
# The side-by-side table of issue 13, in one run on this machine: a request straight to a backend,
# through nginx (the floor for any proxy hop), through the sidecar built from OLD_REF (today's code
# before the change) and from this checkout — pinned (no embedding), routed with repeated prompts
# (embedding cache hits), routed with a new prompt each request (one MiniLM embedding each) — and
# through the gateway (this checkout, bearer key checked). Each process's resident memory at rest
# and after the load. Writes bench/side-by-side/report.md and the block between the markers in
# docs/performance.md.
#
# Usage: bench/side-by-side/run.sh [--seconds N] [--warmup N] [--concurrency 1,8] [--old-ref REF]
#                                  [--old-embedder ID] [--no-docs]
# --old-embedder: the embedder id the old build's table must name (a build from before text windows
# wants all-minilm-l6-v2-q); its table is this one with that id (same centroids: only speed is measured).
# Needs: Java 17, Maven, wrk and nginx (Debian packages; installed with apt-get when missing and
# possible), the llmrouter dataset in format v1 (UNIROUTE_BENCH_DATASET, default ../shared/datasets/llmrouter).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/side-by-side"
seconds=10; warmup=3; conc="1,8"; old_ref="d40df6a"; old_embedder=""; docs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --concurrency) conc="$2"; shift 2 ;;
    --old-ref) old_ref="$2"; shift 2 ;;
    --old-embedder) old_embedder="$2"; shift 2 ;;
    --no-docs) docs=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export UNIROUTE_BENCH_DATASET="${UNIROUTE_BENCH_DATASET:-$root/../shared/datasets/llmrouter}"

# The JVM settings the chart gives each mode (helm/uniroute/values.yaml): the container's memory
# limit is emulated with -XX:MaxRAM, which the JVM then sizes its heap from as it would from a cgroup.
sidecar_jvm="${SIDECAR_JVM:--XX:MaxRAM=512m -XX:MaxRAMPercentage=50}"
gateway_jvm="${GATEWAY_JVM:--XX:MaxRAM=1g -XX:MaxRAMPercentage=60}"

for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null && ! [ -x "/usr/sbin/$tool" ]; then
    echo "installing $tool (Debian package) ..." >&2
    apt-get install -y -q "$tool" >/dev/null
  fi
done
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d /tmp/uniroute-side-by-side.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/backend/nginx.pid" ] && kill "$(cat "$work/backend/nginx.pid")" 2>/dev/null || true
  [ -f "$work/proxy/nginx.pid" ] && kill "$(cat "$work/proxy/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building this checkout ..." >&2
(cd "$root" && mvn -B -q -o package -DskipTests -pl router-sidecar -am >/dev/null \
  && mvn -B -q -o -pl router-sidecar -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
       -Dmdep.outputFile="$root/router-sidecar/target/bench.classpath" >/dev/null)
old_dir="/tmp/uniroute-old-$old_ref"
if [ ! -f "$old_dir/.built" ]; then
  echo "building the old sidecar ($old_ref) in $old_dir ..." >&2
  rm -rf "$old_dir"
  git clone -q --no-checkout "$root" "$old_dir"
  git -C "$old_dir" checkout -q "$old_ref"
  (cd "$old_dir" && mvn -B -q -o package -DskipTests -pl router-sidecar -am >/dev/null)
  touch "$old_dir/.built"
fi
old_commit="$(git -C "$old_dir" rev-parse --short HEAD)"
new_commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!bench' ':!docs' || echo '+changes')"

# --- backend and nginx hop: nginx answers a fixed chat completion (costs next to nothing) ---
backend_port=$(free_port); proxy_port=$(free_port)
answer='{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":60,"completion_tokens":1,"total_tokens":61}}'
nginx_conf() { # dir, server block
  mkdir -p "$1"
  cat > "$1/nginx.conf" <<CONF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $1/body; proxy_temp_path $1/proxy; fastcgi_temp_path $1/fcgi;
  uwsgi_temp_path $1/uwsgi; scgi_temp_path $1/scgi;
  keepalive_requests 1000000;
  $2
}
CONF
  "$nginx_bin" -c "$1/nginx.conf" -p "$1"
}
nginx_conf "$work/backend" "server { listen 127.0.0.1:$backend_port; default_type application/json;
    location / { return 200 '$answer'; } }"
nginx_conf "$work/proxy" "upstream backend { server 127.0.0.1:$backend_port; keepalive 64; }
  server { listen 127.0.0.1:$proxy_port;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"

# --- the table and the traffic (real prompts; the table as the operator would make it) ---
cp="$root/router-sidecar/target/test-classes:$root/router-sidecar/target/classes:$root/routing-core/target/classes:$(cat "$root/router-sidecar/target/bench.classpath")"
java -cp "$cp" io.uniroute.sidecar.bench.BenchTableMain --endpoint "http://127.0.0.1:$backend_port/v1" --out "$work/table" >&2
pinned="$(cat "$work/table/backend.txt")"
mkdir -p "$work/keys" "$work/clients"
echo -n "bench-key-$(date +%s%N)" > "$work/clients/bench"
key="$(cat "$work/clients/bench")"

start_router() { # name, dir of the build, table, JVM options, extra args...
  local name="$1" dir="$2" table="$3" jvm="$4"; shift 4
  local port; port=$(free_port)
  UNIROUTE_JAVA_OPTS="$jvm" "$dir/bin/uniroute" "$@" --host 127.0.0.1 --port "$port" \
    --table-file "$table" --api-key-dir "$work/keys" >"$work/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
      echo "$port $pid"; return 0
    fi
    sleep 0.1
  done
  echo "$name did not become ready; its log:" >&2; tail -20 "$work/$name.log" >&2; kill "$pid"; echo "- -"
}
started() { # name, port, pid: remember the process for cleanup, stop when it did not start
  [ "$2" != "-" ] || { echo "$1 did not start" >&2; exit 1; }
  pids+=("$3")
}
old_table="$work/table/routing.json"
if [ -n "$old_embedder" ]; then
  old_table="$work/table/routing-old.json"
  python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); t["embedder"]["id"]=sys.argv[2]; json.dump(t, open(sys.argv[3], "w"))' \
    "$work/table/routing.json" "$old_embedder" "$old_table"
fi
read -r old_port old_pid < <(start_router old-sidecar "$old_dir" "$old_table" "" sidecar)
started old-sidecar "$old_port" "$old_pid"
read -r new_port new_pid < <(start_router sidecar "$root" "$work/table/routing.json" "$sidecar_jvm" sidecar)
started sidecar "$new_port" "$new_pid"
gateway_port=""; gateway_pid=""
if "$root/bin/uniroute" gateway --help >/dev/null 2>&1; then
  read -r gateway_port gateway_pid < <(start_router gateway "$root" "$work/table/routing.json" "$gateway_jvm" gateway \
    --client-keys-dir "$work/clients")
  started gateway "$gateway_port" "$gateway_pid"
else
  echo "this checkout has no gateway command: gateway rows left out" >&2
fi

rss() { awk '/^VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
sleep 2 # let the JVMs settle after start before reading memory at rest
rest_old=$(rss "$old_pid"); rest_new=$(rss "$new_pid"); rest_gw=""
[ -n "$gateway_pid" ] && rest_gw=$(rss "$gateway_pid")

rows=()
unembedded() { # requests a router routed without their embedding so far (overload rule); empty if it has no such metric
  local m
  m=$(curl -fs "http://127.0.0.1:$1/metrics" 2>/dev/null) || return 0
  # a counter appears with its first increment: none yet is 0 (a build without the metric has no
  # uniroute_sidecar_requests_total either, and gets no figure)
  grep -q '^uniroute_sidecar_requests_total' <<<"$m" || return 0
  awk '/^uniroute_sidecar_unembedded_total/{n+=$NF} END{printf "%d", n}' <<<"$m"
}
ms() { # wrk's latency percentile line ($1 = "50%") in milliseconds
  awk -v p="$1" '$1==p { v=$2; u=v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    f = (u=="us") ? 0.001 : (u=="s") ? 1000 : (u=="m") ? 60000 : 1; printf "%.2f", v*f }'
}
run() { # label, port, mode, model, prompts file, concurrency, [key]
  local label="$1" port="$2" mode="$3" model="$4" file="$5" c="$6" k="${7:-}"
  wrk -t1 -c"$c" -d"${warmup}s" -s "$here/traffic.lua" "http://127.0.0.1:$port" -- "$mode" "$model" "$file" \
    "w$RANDOM$c" "$k" >/dev/null
  local out load0 load1 before after
  before=$(unembedded "$port")
  load0=$(cut -d' ' -f1 /proc/loadavg)
  out=$(wrk -t1 -c"$c" -d"${seconds}s" --latency -s "$here/traffic.lua" "http://127.0.0.1:$port" -- "$mode" "$model" \
    "$file" "m$RANDOM$c" "$k")
  load1=$(cut -d' ' -f1 /proc/loadavg)
  after=$(unembedded "$port")
  local rps p50 p90 p99 total bad
  rps=$(awk '/^Requests\/sec/{printf "%.0f", $2}' <<<"$out")
  p50=$(ms 50% <<<"$out"); p90=$(ms 90% <<<"$out"); p99=$(ms 99% <<<"$out")
  total=$(awk '/requests in/{print $1}' <<<"$out")
  bad=$(awk '/Non-2xx/{print $NF}' <<<"$out"); bad=${bad:-0}
  bad=$((bad + $(awk 'BEGIN{n=0} /Socket errors/{gsub(",",""); n=$4+$6+$8+$10} END{print n}' <<<"$out")))
  local skipped="–"
  if [ "$mode" = new ] && [ -n "$before" ] && [ -n "$after" ]; then
    skipped=$(awk -v a="$before" -v b="$after" -v n="$total" 'BEGIN{printf "%.0f%%", (n > 0 ? 100*(b-a)/n : 0)}')
  elif [ "$mode" = new ]; then
    skipped="n/a"
  fi
  rows+=("| $label | $c | $rps | $p50 | $p90 | $p99 | $skipped | $bad of $total | $load0 → $load1 |")
  echo "${rows[-1]}" >&2
}

repeat="$work/table/prompts-repeat.txt"; fresh="$work/table/prompts-new.txt"
prewarm() { # port, [key]: every repeated prompt once, so the cached rows measure cache hits only
  local auth=()
  [ -n "${2:-}" ] && auth=(-H "Authorization: Bearer $2")
  while IFS= read -r p; do
    curl -fs -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' \
      -d "{\"model\":\"bench\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":$p}]}" \
      "http://127.0.0.1:$1/v1/chat/completions" || { echo "prewarm of port $1 failed" >&2; exit 1; }
  done < "$repeat"
}
prewarm "$old_port"; prewarm "$new_port"
[ -n "$gateway_port" ] && prewarm "$gateway_port" "$key"
IFS=',' read -ra levels <<<"$conc"
for c in "${levels[@]}"; do
  run "direct to the backend (nginx answering)" "$backend_port" repeat "$pinned" "$repeat" "$c"
  run "nginx proxy hop" "$proxy_port" repeat "$pinned" "$repeat" "$c"
  run "sidecar old ($old_commit), pinned" "$old_port" repeat "$pinned" "$repeat" "$c"
  run "sidecar new ($new_commit), pinned" "$new_port" repeat "$pinned" "$repeat" "$c"
  run "sidecar old, routed, cached prompt" "$old_port" repeat bench "$repeat" "$c"
  run "sidecar new, routed, cached prompt" "$new_port" repeat bench "$repeat" "$c"
  [ -n "$gateway_port" ] && run "gateway new, routed, cached prompt (bearer key)" "$gateway_port" repeat bench "$repeat" "$c" "$key"
  run "sidecar old, routed, new ~60-token prompt" "$old_port" new bench "$fresh" "$c"
  run "sidecar new, routed, new ~60-token prompt" "$new_port" new bench "$fresh" "$c"
  [ -n "$gateway_port" ] && run "gateway new, routed, new ~60-token prompt (bearer key)" "$gateway_port" new bench "$fresh" "$c" "$key"
done
if [ -n "$gateway_port" ]; then
  unauth=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"model":"bench","messages":[{"role":"user","content":"hi"}]}' "http://127.0.0.1:$gateway_port/v1/chat/completions")
else
  unauth="n/a"
fi

mem_row() { # label, pid, rest, jvm options
  echo "| $1 | \`${4:-JVM defaults}\` | $3 | $(rss "$2") | $(hwm "$2") |"
}
{
  echo "Run $(date -u +'%Y-%m-%d %H:%M UTC') by \`bench/side-by-side/run.sh --seconds $seconds --warmup $warmup --concurrency $conc --old-ref $old_ref${old_embedder:+ --old-embedder $old_embedder}\`"
  echo "on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(java -version 2>&1 | head -n 1)."
  echo "Load generator: wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), one thread, closed loop (each connection sends"
  echo "its next request when the answer is in), ${warmup} s warm-up then ${seconds} s measured per row;"
  echo "backend: nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///') answering a fixed completion; all on the same $(nproc) cores."
  echo "Old = commit $old_commit, new = $new_commit. Latency in ms (wrk's), load average at the row's start → end."
  echo "\"Routed without embedding\": the share of new-prompt requests the router answered without waiting for"
  echo "their embedding (the overload rule, \`--embed-max-wait-ms\`; from its \`uniroute_sidecar_unembedded_total\`);"
  echo "req/s × (1 − that share) is the rate of prompts really embedded."
  echo
  echo "| path | clients | req/s | p50 | p90 | p99 | routed without embedding | failed | load |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Without a key the gateway answered HTTP $unauth."
  echo
  echo "Resident memory (MiB; RSS at rest after the table loaded, RSS after the load, peak RSS):"
  echo
  echo "| process | JVM options | at rest | after load | peak |"
  echo "|---|---|---|---|---|"
  mem_row "sidecar old ($old_commit)" "$old_pid" "$rest_old" ""
  mem_row "sidecar new ($new_commit)" "$new_pid" "$rest_new" "$sidecar_jvm"
  [ -n "$gateway_pid" ] && mem_row "gateway new ($new_commit)" "$gateway_pid" "$rest_gw" "$gateway_jvm"
} > "$here/report.md"
cat "$here/report.md"

if [ "$docs" = 1 ]; then
  python3 - "$root/docs/performance.md" "$here/report.md" <<'PY'
import sys
doc, rep = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
b, e = "<!-- side-by-side:begin -->", "<!-- side-by-side:end -->"
if b not in text:
    sys.exit("docs/performance.md has no side-by-side markers")
head, rest = text.split(b, 1)
_, tail = rest.split(e, 1)
open(doc, "w").write(head + b + "\n" + rep + e + tail)
PY
  echo "updated docs/performance.md" >&2
fi
