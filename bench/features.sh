#!/usr/bin/env bash
# Rooms and requests against what they build on, in one run on the same server build:
#   - a request/reply round trip (wroustr bench --request) against the @ECHO round trip, 64
#     connections in a closed loop, on one WroustrBenchServer;
#   - room fan-out (every connection in one room) against broadcast, to BCAST_CONNECTIONS
#     connections, on two WroustrBenchServers (--bcast room / all).
# Server pinned to SERVER_CPU, load to CLIENT_CPU; rounds alternate which goes first.
#
#   ROUNDS=3 DURATION=10 bench/features.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-3}; SIZE=${SIZE:-80}
BCAST_CONNECTIONS=${BCAST_CONNECTIONS:-1000}; SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
BENCH_JAR=wroustr-benchmarks/target/benchmarks.jar; CLI_JAR=wroustr-cli/target/wroustr.jar
OUT=bench/out/features-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
[[ ${SKIP_BUILD:-0} == 1 ]] || mvn -q -B -ntp -pl wroustr-benchmarks,wroustr-cli -am package -DskipTests

SERVER_PID=
start_server() {  # $@: extra flags
  taskset -c "$SERVER_CPU" java -Xms1g -Xmx1g -cp "$BENCH_JAR" dev.wroustr.benchmarks.WroustrBenchServer --port 0 "$@" \
      > "$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do grep -q 'listening on' "$OUT/server.log" && break; sleep 0.1; done
  URL=$(sed -n 's/.*listening on \(ws:[^ ]*\).*/\1/p' "$OUT/server.log" | head -1)
}
stop_server() { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; }
trap stop_server EXIT
load() {  # $1: name, $@: extra flags for wroustr bench
  local name=$1; shift
  taskset -c "$CLIENT_CPU" java -Xms1g -Xmx2g -jar "$CLI_JAR" bench "$URL" --connections 64 --size "$SIZE" \
      --duration "${DURATION}s" --warmup "${WARMUP}s" --json "$@" > "$OUT/$name-$ROUND.json"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"$name round $ROUND: {r['messagesPerSecond']:.0f} msg/s  p50 {r['latencyMicros']['p50']} us  p99 {r['latencyMicros']['p99']} us\")" "$OUT/$name-$ROUND.json"
}
bcast() {  # $1: name
  taskset -c "$CLIENT_CPU" java -Xms1g -Xmx2g -cp "$BENCH_JAR" dev.wroustr.benchmarks.BroadcastBench "$URL" \
      --connections "$BCAST_CONNECTIONS" --size "$SIZE" --duration "${DURATION}s" --warmup "${WARMUP}s" \
      > "$OUT/$1-$ROUND.json" 2> "$OUT/$1-$ROUND.err"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"$1 round $ROUND: {r['deliveriesPerSecond']:.0f} deliveries/s\")" "$OUT/$1-$ROUND.json"
}

start_server
ROUND=0 load warmup > /dev/null
for ROUND in $(seq 1 "$ROUNDS"); do
  if (( ROUND % 2 )); then load echo; load request --request; else load request --request; load echo; fi
done
stop_server
for ROUND in $(seq 1 "$ROUNDS"); do
  for mode in $( (( ROUND % 2 )) && echo "all room" || echo "room all"); do
    start_server --bcast "$mode"; bcast "bcast-$mode"; stop_server
  done
done
echo "results in $OUT"
