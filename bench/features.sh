#!/usr/bin/env bash
# What the features of a server cost against the same server without them, in one run on the
# same build, wroustr's bench server pinned to SERVER_CPU and the load to CLIENT_CPU:
#   - echo:     @ECHO round trips, 64 connections in a closed loop (the baseline of the next three)
#   - request:  the same as requests answered by reply() (wroustr bench --request)
#   - metrics:  the echo on a server with wroustr-micrometer's meters bound
#   - limited:  the echo on a server with a rate limit for every route that never bites
#   - resume:   the echo on a server with resume on, the clients offering it and acknowledging
#               (wroustr bench --resume): what numbering, keeping and acknowledging cost
#   - bcast-all / bcast-room: broadcast against a room holding every connection, to
#     BCAST_CONNECTIONS connections
# Every round starts a fresh server per case, warms it up, and alternates the order.
#
#   ROUNDS=3 DURATION=10 bench/features.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-3}; SIZE=${SIZE:-80}
BCAST_CONNECTIONS=${BCAST_CONNECTIONS:-1000}; SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
CASES=${CASES:-"echo request metrics limited resume bcast-all bcast-room"}
BENCH_JAR=wroustr-benchmarks/target/benchmarks.jar; CLI_JAR=wroustr-cli/target/wroustr.jar
OUT=bench/out/features-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
[[ ${SKIP_BUILD:-0} == 1 ]] || mvn -q -B -ntp -pl wroustr-benchmarks,wroustr-cli -am package -DskipTests
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

SERVER_PID=
start_server() {  # $@: flags for WroustrBenchServer
  taskset -c "$SERVER_CPU" java -Xms1g -Xmx1g -cp "$BENCH_JAR" dev.wroustr.benchmarks.WroustrBenchServer --port 0 "$@" \
      > "$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  URL=
  for _ in $(seq 100); do
    URL=$(sed -n 's/.*listening on \(ws:[^ ]*\).*/\1/p' "$OUT/server.log" | head -1)
    [[ -n $URL ]] && break
    sleep 0.1
  done
}
stop_server() { [[ -z $SERVER_PID ]] || { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; }; SERVER_PID=; }
trap stop_server EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
closed_loop() {  # $1: case, then flags for wroustr bench; the case "warm" is 5 s, unmeasured
  local name=$1 duration=${DURATION}s warmup=${WARMUP}s; shift
  [[ $name == warm ]] && { duration=5s; warmup=0s; }
  taskset -c "$CLIENT_CPU" java -Xms1g -Xmx2g -jar "$CLI_JAR" bench "$URL" --connections 64 --size "$SIZE" \
      --duration "$duration" --warmup "$warmup" --json "$@" > "$OUT/$name-$ROUND.json" &
  local client=$! t0
  # The server's CPU time over the measured part (the client's warm-up excluded), for CPU per message.
  sleep "$WARMUP"; t0=$(cpu_ticks "$SERVER_PID")
  wait "$client"
  echo "$(( $(cpu_ticks "$SERVER_PID") - t0 ))" > "$OUT/$name-$ROUND.ticks"
}
fan_out() {  # $1: case
  taskset -c "$CLIENT_CPU" java -Xms1g -Xmx2g -cp "$BENCH_JAR" dev.wroustr.benchmarks.BroadcastBench "$URL" \
      --connections "$BCAST_CONNECTIONS" --size "$SIZE" --duration "${DURATION}s" --warmup "${WARMUP}s" \
      > "$OUT/$1-$ROUND.json" 2> "$OUT/$1-$ROUND.err"
}
run_case() {
  case $1 in
    echo) start_server; closed_loop warm; closed_loop echo ;;
    request) start_server; closed_loop warm --request; closed_loop request --request ;;
    metrics) start_server --metrics true; closed_loop warm; closed_loop metrics ;;
    limited) start_server --rate-limit 1000000000; closed_loop warm; closed_loop limited ;;
    resume) start_server --resume 120; closed_loop warm --resume; closed_loop resume --resume ;;
    bcast-all) start_server --bcast all; fan_out bcast-all ;;
    bcast-room) start_server --bcast room; fan_out bcast-room ;;
  esac
  stop_server
  echo "[features] round $ROUND: $1 done" >&2
}
for ROUND in $(seq 1 "$ROUNDS"); do
  order=$CASES
  (( ROUND % 2 )) || order=$(echo "$CASES" | tr ' ' '\n' | tac | tr '\n' ' ')
  for c in $order; do run_case "$c"; done
done
python3 - "$OUT" "$ROUNDS" "$CASES" <<'PY'
import json, statistics, sys
out, rounds, cases = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
def read(case, r):
    try:
        return json.load(open(f"{out}/{case}-{r}.json"))
    except (OSError, ValueError):
        return None
import os
tick = os.sysconf("SC_CLK_TCK")
def cpu_per_message(case, r, j):
    # The server's CPU µs per message over the measured window (closed-loop cases only).
    try:
        ticks = int(open(f"{out}/{case}-{r}.ticks").read())
    except (OSError, ValueError):
        return None
    return ticks / tick * 1e6 / (j["messagesPerSecond"] * j["durationSeconds"]) if "durationSeconds" in j else None
print("| case | per round | median | against echo (or bcast-all), median of the rounds' ratios | server CPU µs/msg, median (its ratio to echo's, median of the rounds') |")
print("| --- | --- | ---: | ---: | ---: |")
for case in cases:
    fan = case.startswith("bcast")
    base = "bcast-all" if fan else "echo"
    key = (lambda j: j["deliveriesPerSecond"]) if fan else (lambda j: j["messagesPerSecond"])
    values, ratios, cpus, cpu_ratios = [], [], [], []
    for r in range(1, rounds + 1):
        j, b = read(case, r), read(base, r)
        if j is None:
            continue
        values.append(key(j))
        if b is not None:
            ratios.append(key(j) / key(b))
        if not fan and cpu_per_message(case, r, j):
            cpus.append(cpu_per_message(case, r, j))
            if b is not None and cpu_per_message(base, r, b):
                cpu_ratios.append(cpus[-1] / cpu_per_message(base, r, b))
    if not values:
        continue
    unit = "deliveries/s" if fan else "msgs/s"
    p99 = "" if fan else "; p99 µs " + ", ".join(str(read(case, r)["latencyMicros"]["p99"]) for r in range(1, rounds + 1) if read(case, r))
    print(f"| {case} | {', '.join(f'{v:,.0f}' for v in values)} {unit}{p99} | {statistics.median(values):,.0f} "
          f"| {statistics.median(ratios):.3f} | "
          + (f"{statistics.median(cpus):.2f} ({statistics.median(cpu_ratios):.3f})" if cpus and cpu_ratios else "") + " |")
PY
echo "results in $OUT"
