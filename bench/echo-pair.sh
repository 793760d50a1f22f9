#!/usr/bin/env bash
# The echo with resume on against the plain echo, both at once: two WroustrBenchServers (one with
# --resume 120) share SERVER_CPU, and two load generators (wroustr bench, 64 connections each,
# --resume for the resume one) share CLIENT_CPU. This VM's speed drifts by 10-30% from one minute
# to the next, more than the cost being measured; run side by side, both see the same machine, so
# their ratio holds where the ratio of two runs one after the other does not. Each round: both
# servers fresh, a 5 s warm load on each, then both loads together, WARMUP unmeasured and DURATION
# measured. Prints, per round and as medians: msgs/s and the server's CPU µs per message over the
# measured window (from /proc/PID/stat), for each, and resume / plain.
#
#   ROUNDS=3 DURATION=20 WARMUP=15 bench/echo-pair.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-20}; WARMUP=${WARMUP:-15}; SIZE=${SIZE:-80}
SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
BENCH_JAR=wroustr-benchmarks/target/benchmarks.jar; CLI_JAR=wroustr-cli/target/wroustr.jar
OUT=bench/out/echo-pair-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
[[ ${SKIP_BUILD:-0} == 1 ]] || mvn -q -B -ntp -pl wroustr-benchmarks,wroustr-cli -am package -DskipTests
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
server() {  # $1: name, then flags; sets PID_<name> and URL_<name>
  local name=$1; shift
  taskset -c "$SERVER_CPU" java -Xms1g -Xmx1g -cp "$BENCH_JAR" dev.wroustr.benchmarks.WroustrBenchServer --port 0 "$@" \
      > "$OUT/$name-server.log" 2>&1 &
  PIDS+=($!); printf -v "PID_$name" %s "$!"
  local url=
  for _ in $(seq 100); do
    url=$(sed -n 's/.*listening on \(ws:[^ ]*\).*/\1/p' "$OUT/$name-server.log" | head -1)
    [[ -n $url ]] && break
    sleep 0.1
  done
  printf -v "URL_$name" %s "$url"
}
load() {  # $1: url, $2: output, $3: duration, $4: warm-up, then flags
  local url=$1 out=$2 duration=$3 warmup=$4; shift 4
  taskset -c "$CLIENT_CPU" java -Xms1g -Xmx2g -jar "$CLI_JAR" bench "$url" --connections 64 --size "$SIZE" \
      --duration "$duration" --warmup "$warmup" --json "$@" > "$out"
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

for ROUND in $(seq 1 "$ROUNDS"); do
  server plain; server resume --resume 120
  load "$URL_plain" /dev/null 5s 0s & a=$!
  load "$URL_resume" /dev/null 5s 0s --resume & b=$!
  wait "$a" "$b"
  load "$URL_plain" "$OUT/plain-$ROUND.json" "${DURATION}s" "${WARMUP}s" & a=$!
  load "$URL_resume" "$OUT/resume-$ROUND.json" "${DURATION}s" "${WARMUP}s" --resume & b=$!
  sleep "$WARMUP"; p0=$(ticks "$PID_plain"); r0=$(ticks "$PID_resume")
  sleep "$DURATION"; p1=$(ticks "$PID_plain"); r1=$(ticks "$PID_resume")
  wait "$a" "$b"
  echo "$((p1 - p0)) $((r1 - r0))" > "$OUT/ticks-$ROUND.txt"
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=()
  echo "[echo-pair] round $ROUND done" >&2
done
python3 - "$OUT" "$ROUNDS" "$DURATION" <<'PY'
import json, os, statistics, sys
out, rounds, duration = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
tick = os.sysconf("SC_CLK_TCK")
rows = []
for r in range(1, rounds + 1):
    p, q = (json.load(open(f"{out}/{n}-{r}.json")) for n in ("plain", "resume"))
    tp, tq = (int(x) for x in open(f"{out}/ticks-{r}.txt").read().split())
    cp = tp / tick * 1e6 / (p["messagesPerSecond"] * duration)
    cq = tq / tick * 1e6 / (q["messagesPerSecond"] * duration)
    rows.append((p["messagesPerSecond"], q["messagesPerSecond"], cp, cq))
print("| round | plain msgs/s | resume msgs/s | ratio | plain server CPU µs/msg | resume | ratio |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for i, (a, b, c, d) in enumerate(rows, 1):
    print(f"| {i} | {a:,.0f} | {b:,.0f} | {b / a:.3f} | {c:.2f} | {d:.2f} | {d / c:.3f} |")
print(f"| median | | | {statistics.median(b / a for a, b, _, _ in rows):.3f} | | | {statistics.median(d / c for _, _, c, d in rows):.3f} |")
PY
echo "results in $OUT"
