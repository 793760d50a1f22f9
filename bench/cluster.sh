#!/usr/bin/env bash
# The cluster on Redis against one server, in one run: a direct message's round trip between two
# clients at RATE messages/s (DmBench), and broadcast deliveries/s to BCAST_CONNECTIONS
# connections (BroadcastBench). "single": both clients, or all connections, on one server.
# "cluster": two nodes on one Redis, the clients on different nodes (both legs of the round trip
# cross nodes), the connections split between them. "floor": the same round trips through
# RelayFloor, the least work a program can do on the same processes (plain TCP lines, a blocking
# thread per socket, raw RESP): what no WebSocket server can beat on this machine. Servers and
# Redis pinned to SERVER_CPU, load to CLIENT_CPU; rounds rotate which case goes first.
#
# "resume": the cluster with resume on (sessions kept in Redis, resuming on any node: every DM is
# a script call, every client message waits for one Redis write). Both cluster cases also run
# the DM at MAX_RATE messages/s, which the nodes cannot keep up with: answered/s is the throughput,
# shared among MAX_PAIRS pairs of clients (1: one connection each way, whose throughput with
# resume on is bounded by its window of unacknowledged messages over the acknowledgement's time).
# MAX_WINDOW=W runs that DM as a closed loop instead (each pair keeps W DMs under way: the nodes'
# steady state, where an open loop past their capacity measures a growing backlog and Redis
# commands timing out in it), after MAX_WARMUP seconds (the JIT still compiles the resume path
# 30 s after a start on this machine). Redis' and each node's CPU time (from /proc) per answered
# DM over that run goes in the table too.
#
# INLINE=true runs the servers' handlers on their network threads (inlineHandlers).
# CASES="cluster resume" runs only those cases.
#
#   ROUNDS=3 DURATION=10 bench/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-3}; RATE=${RATE:-1000}
BCAST_CONNECTIONS=${BCAST_CONNECTIONS:-1000}; SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}; INLINE=${INLINE:-false}
MAX_RATE=${MAX_RATE:-20000}; MAX_PAIRS=${MAX_PAIRS:-1}; MAX_WINDOW=${MAX_WINDOW:-0}; MAX_WARMUP=${MAX_WARMUP:-$WARMUP}
MAX_LOAD=(--rate "$MAX_RATE"); [[ $MAX_WINDOW == 0 ]] || MAX_LOAD=(--window "$MAX_WINDOW")
BENCH_JAR=wroustr-benchmarks/target/benchmarks.jar
OUT=bench/out/cluster-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
[[ ${SKIP_BUILD:-0} == 1 ]] || mvn -q -B -ntp -pl wroustr-benchmarks -am package -DskipTests
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

PIDS=()
stop_all() {  # the newest first: nodes leave before their Redis goes
  local i; for (( i = ${#PIDS[@]} - 1; i >= 0; i-- )); do kill "${PIDS[i]}" 2>/dev/null || true; wait "${PIDS[i]}" 2>/dev/null || true; done; PIDS=()
}
trap stop_all EXIT
REDIS_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server() {  # $1: log name, then flags; sets URL
  local log=$OUT/$1.log; shift
  taskset -c "$SERVER_CPU" java -Xms512m -Xmx512m -cp "$BENCH_JAR" dev.wroustr.benchmarks.WroustrBenchServer --port 0 --inline "$INLINE" "$@" > "$log" 2>&1 &
  PIDS+=($!)
  URL=
  for _ in $(seq 100); do URL=$(sed -n 's/.*listening on \(ws:[^ ]*\).*/\1/p' "$log" | head -1); [[ -n $URL ]] && return; sleep 0.1; done
  echo "server $log did not start" >&2; exit 1
}
client() {  # $1: result name, then class and arguments
  local name=$1; shift
  taskset -c "$CLIENT_CPU" java -Xms512m -Xmx1g -cp "$BENCH_JAR" "$@" > "$OUT/$name-$ROUND.json" 2> "$OUT/$name-$ROUND.err"
}
start_redis() {
  taskset -c "$SERVER_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$OUT/redis.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]] && break; sleep 0.1; done
}
relay() {  # $1: log name, then flags; sets PORT
  local log=$OUT/$1.log; shift
  taskset -c "$SERVER_CPU" java -Xms512m -Xmx512m -cp "$BENCH_JAR" dev.wroustr.benchmarks.RelayFloor relay "$@" > "$log" 2>&1 &
  PIDS+=($!)
  PORT=
  for _ in $(seq 100); do PORT=$(sed -n 's/.*listening on \([0-9]*\).*/\1/p' "$log" | head -1); [[ -n $PORT ]] && return; sleep 0.1; done
  echo "relay $log did not start" >&2; exit 1
}
cpu_ticks() { local pid; for pid in "$@"; do awk '{ print $14 + $15 }' "/proc/$pid/stat"; done | tr '\n' ' '; }
dmmax() {  # $1: case, $2 and $3: the nodes' URLs. The throughput DM, and what Redis and each node
  # (PIDS: Redis, node 1, node 2) spend of the CPU per answered DM over its measured seconds.
  local procs=("${PIDS[@]}")
  client "dmmax-$1" dev.wroustr.benchmarks.DmBench "$2" --to "$3" "${MAX_LOAD[@]}" --pairs "$MAX_PAIRS" --duration "${DURATION}s" --warmup "${MAX_WARMUP}s" &
  local driver=$!
  sleep "$(( MAX_WARMUP + 1 ))"
  local t0 t1 s0 s1; t0=$(cpu_ticks "${procs[@]}"); s0=$(date +%s.%N)
  sleep "$(( DURATION > 3 ? DURATION - 2 : 1 ))"
  t1=$(cpu_ticks "${procs[@]}"); s1=$(date +%s.%N)
  wait "$driver"
  python3 - "$t0" "$t1" "$s0" "$s1" "$(getconf CLK_TCK)" "$OUT/dmmax-$1-$ROUND.json" > "$OUT/cpu-$1-$ROUND.json" <<'PY'
import json, sys
t0, t1 = ([int(x) for x in a.split()] for a in sys.argv[1:3])
seconds, ticks = float(sys.argv[4]) - float(sys.argv[3]), float(sys.argv[5])
answered = json.load(open(sys.argv[6]))["answeredPerSecond"] * seconds
json.dump({"microsPerAnsweredDm": [(b - a) / ticks * 1e6 / answered for a, b in zip(t0, t1)],
           "ticks": [b - a for a, b in zip(t0, t1)], "seconds": seconds, "answered": answered}, sys.stdout)
PY
}
run_case() {
  case $1 in
    floor)
      relay floor-single; local alone=$PORT
      client dm-floor-single dev.wroustr.benchmarks.RelayFloor client --x "$alone" --rate "$RATE" --duration "${DURATION}s" --warmup "${WARMUP}s"
      start_redis
      relay floor-a --redis-port "$REDIS_PORT" --self a --other b; local a=$PORT
      relay floor-b --redis-port "$REDIS_PORT" --self b --other a; local b=$PORT
      client dm-floor-cluster dev.wroustr.benchmarks.RelayFloor client --x "$a" --y "$b" --rate "$RATE" --duration "${DURATION}s" --warmup "${WARMUP}s" ;;
    single)
      server single
      client dm-single dev.wroustr.benchmarks.DmBench "$URL" --rate "$RATE" --duration "${DURATION}s" --warmup "${WARMUP}s"
      client bcast-single dev.wroustr.benchmarks.BroadcastBench "$URL" --connections "$BCAST_CONNECTIONS" --duration "${DURATION}s" --warmup "${WARMUP}s" ;;
    cluster)
      start_redis
      server node1 --redis "redis://127.0.0.1:$REDIS_PORT"; local one=$URL
      server node2 --redis "redis://127.0.0.1:$REDIS_PORT"; local two=$URL
      client dm-cluster dev.wroustr.benchmarks.DmBench "$one" --to "$two" --rate "$RATE" --duration "${DURATION}s" --warmup "${WARMUP}s"
      dmmax cluster "$one" "$two"
      client bcast-cluster dev.wroustr.benchmarks.BroadcastBench "$one" --also "$two" --connections "$BCAST_CONNECTIONS" --duration "${DURATION}s" --warmup "${WARMUP}s" ;;
    resume)
      start_redis
      server node1 --redis "redis://127.0.0.1:$REDIS_PORT" --resume 120; local one=$URL
      server node2 --redis "redis://127.0.0.1:$REDIS_PORT" --resume 120; local two=$URL
      client dm-resume dev.wroustr.benchmarks.DmBench "$one" --to "$two" --rate "$RATE" --duration "${DURATION}s" --warmup "${WARMUP}s"
      dmmax resume "$one" "$two" ;;
  esac
  stop_all
  echo "[cluster] round $ROUND: $1 done" >&2
}
read -r -a CASES <<< "${CASES:-single cluster floor resume}"
for ROUND in $(seq 1 "$ROUNDS"); do
  for (( i = 0; i < ${#CASES[@]}; i++ )); do run_case "${CASES[$(( (ROUND - 1 + i) % ${#CASES[@]} ))]}"; done
done
python3 - "$OUT" "$ROUNDS" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def read(name, r):
    try:
        return json.load(open(f"{out}/{name}-{r}.json"))
    except (OSError, ValueError):
        return None
def median(name, key):
    values = [key(j) for j in (read(name, r) for r in range(1, rounds + 1)) if j]
    return statistics.median(values) if values else float("nan"), values
print("| measure | floor, one relay | single server | floor, two relays on Redis | two nodes on Redis | two nodes / single |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for label, key in [("DM round trip p50, µs", lambda j: j["latencyMicros"]["p50"]),
                   ("DM round trip p90, µs", lambda j: j["latencyMicros"]["p90"]),
                   ("DM round trip p99, µs", lambda j: j["latencyMicros"]["p99"]),
                   ("DM answered per second", lambda j: j["answeredPerSecond"])]:
    cells = [median(name, key) for name in ("dm-floor-single", "dm-single", "dm-floor-cluster", "dm-cluster")]
    seen = " / ".join(str([round(v) for v in values]) for _, values in cells)
    print(f"| {label} (rounds: {seen}) | " + " | ".join(f"{m:,.0f}" for m, _ in cells) + f" | {cells[3][0] / cells[1][0]:.2f} |")
print()
print("| with resume on (sessions in Redis) | two nodes on Redis | two nodes, resume on | resume / plain |")
print("| --- | ---: | ---: | ---: |")
for label, key, plain, resumed in [("DM round trip p50 at RATE, µs", lambda j: j["latencyMicros"]["p50"], "dm-cluster", "dm-resume"),
                                   ("DM round trip p99 at RATE, µs", lambda j: j["latencyMicros"]["p99"], "dm-cluster", "dm-resume"),
                                   ("DM answered per second at MAX_RATE (or MAX_WINDOW)", lambda j: j["answeredPerSecond"], "dmmax-cluster", "dmmax-resume")]:
    cells = [median(name, key) for name in (plain, resumed)]
    seen = " / ".join(str([round(v) for v in values]) for _, values in cells)
    print(f"| {label} (rounds: {seen}) | " + " | ".join(f"{m:,.0f}" for m, _ in cells) + f" | {cells[1][0] / cells[0][0]:.2f} |")
for who, i in (("Redis", 0), ("node 1", 1), ("node 2", 2)):
    cells = [median(name, lambda j: j["microsPerAnsweredDm"][i]) for name in ("cpu-cluster", "cpu-resume")]
    seen = " / ".join(str([round(v, 1) for v in values]) for _, values in cells)
    print(f"| {who}'s CPU per answered DM at MAX_RATE (or MAX_WINDOW), µs (rounds: {seen}) | " + " | ".join(f"{m:,.1f}" for m, _ in cells) + f" | {cells[1][0] / cells[0][0]:.2f} |")
print()
s, sv = median("bcast-single", lambda j: j["deliveriesPerSecond"])
c, cv = median("bcast-cluster", lambda j: j["deliveriesPerSecond"])
print(f"| broadcast deliveries/s (rounds: {[round(v) for v in sv]} / {[round(v) for v in cv]}) | {s:,.0f} | {c:,.0f} | {c / s:.2f} |")
PY
echo "results in $OUT"
