#!/usr/bin/env bash
# The cluster on the three Redis topologies, in one run: two nodes (WroustrBenchServer) on one
# Redis, on Redis Sentinel (a master, a replica, three sentinels) and on a Redis Cluster of three
# masters; on each, a cross-node DM's round trip at RATE/s among PAIRS pairs of clients (DmBench,
# both legs cross nodes) and broadcast deliveries/s to BCAST_CONNECTIONS connections split
# between the nodes (BroadcastBench). During the DMs, the CPU time (utime + stime, from
# /proc/PID/stat) of the busiest Redis master, per cross-node DM (two a round trip): how
# sharded pub/sub spreads Redis' own work, 3 masters against 1; and the same less what the masters
# spend in IDLE seconds with the nodes connected and idle (leases, the client's topology
# refreshes, the cluster bus), scaled to the DMs' time; both from the 10 ms ticks of
# /proc/PID/stat and from the nanoseconds of /proc/PID/schedstat. Each master's INFO commandstats over the
# DMs goes to OUT/commandstats-CASE-ROUND-PORT.txt (what each spent its time on). Servers and
# Redis pinned to SERVER_CPU, the load to CLIENT_CPU; rounds rotate which topology goes first.
# CASES="cluster single" runs only those; MASTERS=4 makes the Redis Cluster of four masters. The
# cluster's masters have no replicas (nor has one Redis; Sentinel's master feeds one).
#
#   ROUNDS=1 DURATION=10 bench/topologies.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-1}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-3}; RATE=${RATE:-1000}; PAIRS=${PAIRS:-16}; IDLE=${IDLE:-5}
MASTERS=${MASTERS:-3}; BCAST_CONNECTIONS=${BCAST_CONNECTIONS:-1000}; SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
BENCH_JAR=wroustr-benchmarks/target/benchmarks.jar
OUT=bench/out/topologies-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
[[ ${SKIP_BUILD:-0} == 1 ]] || mvn -q -B -ntp -pl wroustr-benchmarks -am package -DskipTests
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
TICKS=$(getconf CLK_TCK)

PIDS=()
stop_all() {  # the newest first: nodes leave before their Redis goes
  local i; for (( i = ${#PIDS[@]} - 1; i >= 0; i-- )); do kill "${PIDS[i]}" 2>/dev/null || true; wait "${PIDS[i]}" 2>/dev/null || true; done; PIDS=()
}
trap stop_all EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
redis() {  # $1: port, then settings; sets REDIS_PID and REDIS_PORT
  local port=$1; shift
  taskset -c "$SERVER_CPU" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$OUT" --dbfilename "dump-$port.rdb" "$@" > "$OUT/redis-$port.log" 2>&1 &
  REDIS_PID=$!; REDIS_PORT=$port; PIDS+=($!)
  for _ in $(seq 100); do [[ "$(redis-cli -p "$port" ping 2>/dev/null)" == PONG ]] && return; sleep 0.1; done
}
server() {  # $1: log name, then flags; sets URL
  local log=$OUT/$1.log; shift
  taskset -c "$SERVER_CPU" java -Xms512m -Xmx512m -cp "$BENCH_JAR" dev.wroustr.benchmarks.WroustrBenchServer --port 0 "$@" > "$log" 2>&1 &
  PIDS+=($!)
  URL=
  for _ in $(seq 100); do URL=$(sed -n 's/.*listening on \(ws:[^ ]*\).*/\1/p' "$log" 2>/dev/null | head -1); [[ -n $URL ]] && return; sleep 0.1; done
  echo "server $log did not start" >&2; exit 1
}
client() {  # $1: result name, then class and arguments
  local name=$1; shift
  taskset -c "$CLIENT_CPU" java -Xms512m -Xmx1g -cp "$BENCH_JAR" "$@" > "$OUT/$name-$ROUND.json" 2> "$OUT/$name-$ROUND.err"
}
cpu() {  # CPU ticks (user + system) of each pid given
  local pid; for pid in "$@"; do awk '{ print $14 + $15 }' "/proc/$pid/stat"; done
}
cpu_ns() {  # nanoseconds on the CPU of each pid given (the scheduler's own count: no 10 ms ticks)
  local pid; for pid in "$@"; do awk '{ print $1 }' "/proc/$pid/schedstat"; done
}
run_case() {
  local masters=() ports=()
  case $1 in
    single)
      local p; p=$(free_port); redis "$p"; masters=("$REDIS_PID"); ports=("$p"); URI="redis://127.0.0.1:$p" ;;
    sentinel)
      local m r s sentinels=(); m=$(free_port); redis "$m"; masters=("$REDIS_PID"); ports=("$m")
      r=$(free_port); redis "$r" --replicaof 127.0.0.1 "$m"
      for _ in 1 2 3; do
        s=$(free_port)
        printf 'port %s\nbind 127.0.0.1\nsentinel monitor bench 127.0.0.1 %s 2\n' "$s" "$m" > "$OUT/sentinel-$s.conf"
        taskset -c "$SERVER_CPU" redis-server "$OUT/sentinel-$s.conf" --sentinel > "$OUT/sentinel-$s.log" 2>&1 &
        PIDS+=($!); sentinels+=("127.0.0.1:$s")
      done
      for s in "${sentinels[@]}"; do until [[ "$(redis-cli -p "${s#*:}" ping 2>/dev/null)" == PONG ]]; do sleep 0.1; done; done
      URI="redis-sentinel://$(IFS=,; echo "${sentinels[*]}")#bench" ;;
    cluster)
      local seeds=() p
      for _ in $(seq "$MASTERS"); do
        p=$(free_port); redis "$p" --cluster-enabled yes --cluster-config-file "nodes-$p-$ROUND.conf" --cluster-port "$(free_port)"
        masters+=("$REDIS_PID"); ports+=("$p"); seeds+=("127.0.0.1:$p")
      done
      redis-cli --cluster create "${seeds[@]}" --cluster-yes > "$OUT/create-$ROUND.log"
      until redis-cli -p "${seeds[0]#*:}" cluster info | grep -q cluster_state:ok; do sleep 0.2; done
      URI="redis-cluster://$(IFS=,; echo "${seeds[*]}")" ;;
  esac
  server "$1-node1" --redis "$URI"; local one=$URL
  server "$1-node2" --redis "$URI"; local two=$URL
  # What the masters spend with the nodes idle (leases, topology refreshes, the cluster bus), IDLE seconds.
  local idle0 idle1 nidle0 nidle1
  idle0=$(cpu "${masters[@]}" | tr '\n' ' '); nidle0=$(cpu_ns "${masters[@]}" | tr '\n' ' ')
  sleep "$IDLE"
  idle1=$(cpu "${masters[@]}" | tr '\n' ' '); nidle1=$(cpu_ns "${masters[@]}" | tr '\n' ' ')
  local port; for port in "${ports[@]}"; do redis-cli -p "$port" config resetstat > /dev/null; done
  local before nbefore; before=$(cpu "${masters[@]}" | tr '\n' ' '); nbefore=$(cpu_ns "${masters[@]}" | tr '\n' ' ')
  client "dm-$1" dev.wroustr.benchmarks.DmBench "$one" --to "$two" --pairs "$PAIRS" --rate "$RATE" --duration "${DURATION}s" --warmup "${WARMUP}s"
  local after nafter; after=$(cpu "${masters[@]}" | tr '\n' ' '); nafter=$(cpu_ns "${masters[@]}" | tr '\n' ' ')
  for port in "${ports[@]}"; do redis-cli -p "$port" info commandstats > "$OUT/commandstats-$1-$ROUND-$port.txt"; done
  # Cross-node DMs: two a round trip, at RATE for the warmup and the measured time.
  local seconds=$(( WARMUP + DURATION ))
  python3 - "$idle0" "$idle1" "$before" "$after" "$RATE" "$seconds" "$IDLE" "$TICKS" "$nidle0" "$nidle1" "$nbefore" "$nafter" > "$OUT/cpu-$1-$ROUND.json" <<'PY'
import json, sys
i0, i1, b, a = ([int(x) for x in arg.split()] for arg in sys.argv[1:5])
rate, seconds, idle, ticks = (float(x) for x in sys.argv[5:9])
n0, n1, nb, na = ([int(x) for x in arg.split()] for arg in sys.argv[9:13])
dms = 2 * rate * seconds  # two cross-node DMs a round trip, for the warmup and the measured time
busy = [y - x for x, y in zip(b, a)]
# The idle cost over as long as the DMs ran, taken off: what the DMs themselves cost each master.
net = [d - (j - i) * seconds / idle for d, i, j in zip(busy, i0, i1)]
micros = lambda t: t * 1e6 / ticks / dms
nbusy = [y - x for x, y in zip(nb, na)]
nnet = [d - (j - i) * seconds / idle for d, i, j in zip(nbusy, n0, n1)]
nmicros = lambda ns: ns / 1e3 / dms
json.dump({"masterNanos": nbusy, "busiestMicrosPerDmSched": nmicros(max(nbusy)), "busiestNetMicrosPerDmSched": nmicros(max(nnet)),
           "allMastersMicrosPerDmSched": nmicros(sum(nbusy)),
           "masterTicks": busy, "idleTicksPerSecond": [(j - i) / idle for i, j in zip(i0, i1)],
           "busiestMicrosPerDm": micros(max(busy)), "allMastersMicrosPerDm": micros(sum(busy)),
           "busiestNetMicrosPerDm": micros(max(net)), "allMastersNetMicrosPerDm": micros(sum(net))}, sys.stdout)
PY
  client "bcast-$1" dev.wroustr.benchmarks.BroadcastBench "$one" --also "$two" --connections "$BCAST_CONNECTIONS" --duration "${DURATION}s" --warmup "${WARMUP}s"
  stop_all
  echo "[topologies] round $ROUND: $1 done" >&2
}
read -r -a CASES <<< "${CASES:-single sentinel cluster}"
for ROUND in $(seq 1 "$ROUNDS"); do
  for (( i = 0; i < ${#CASES[@]}; i++ )); do run_case "${CASES[$(( (ROUND - 1 + i) % ${#CASES[@]} ))]}"; done
done
python3 - "$OUT" "$ROUNDS" "$MASTERS" <<'PY'
import json, statistics, sys
out, rounds, masters = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def values(name, key):
    found = []
    for r in range(1, rounds + 1):
        try:
            found.append(key(json.load(open(f"{out}/{name}-{r}.json"))))
        except (OSError, ValueError, KeyError):
            pass
    return found
def cell(name, key, fmt="{:,.0f}"):
    v = values(name, key)
    return (fmt.format(statistics.median(v)) + (f" ({', '.join(fmt.format(x) for x in v)})" if len(v) > 1 else "")) if v else "n/a"
cases = ("single", "sentinel", "cluster")
print(f"| measure | one Redis | Sentinel | Redis Cluster, {masters} masters |")
print("| --- | ---: | ---: | ---: |")
for label, key in [("DM round trip p50, µs", lambda j: j["latencyMicros"]["p50"]),
                   ("DM round trip p99, µs", lambda j: j["latencyMicros"]["p99"]),
                   ("DM answered per second", lambda j: j["answeredPerSecond"])]:
    print(f"| {label} | " + " | ".join(cell(f"dm-{c}", key) for c in cases) + " |")
print("| broadcast deliveries/s | " + " | ".join(cell(f"bcast-{c}", lambda j: j["deliveriesPerSecond"]) for c in cases) + " |")
print("| busiest master's CPU per cross-node DM, µs | " + " | ".join(cell(f"cpu-{c}", lambda j: j["busiestMicrosPerDm"], "{:.1f}") for c in cases) + " |")
print("| all masters' CPU per cross-node DM, µs | " + " | ".join(cell(f"cpu-{c}", lambda j: j["allMastersMicrosPerDm"], "{:.1f}") for c in cases) + " |")
print("| the same less the idle cost: busiest master, µs | " + " | ".join(cell(f"cpu-{c}", lambda j: j["busiestNetMicrosPerDm"], "{:.1f}") for c in cases) + " |")
print("| the same less the idle cost: all masters, µs | " + " | ".join(cell(f"cpu-{c}", lambda j: j["allMastersNetMicrosPerDm"], "{:.1f}") for c in cases) + " |")
print("| busiest master's CPU per DM from schedstat (ns, not ticks), µs | " + " | ".join(cell(f"cpu-{c}", lambda j: j["busiestMicrosPerDmSched"], "{:.1f}") for c in cases) + " |")
print("| the same less the idle cost, µs | " + " | ".join(cell(f"cpu-{c}", lambda j: j["busiestNetMicrosPerDmSched"], "{:.1f}") for c in cases) + " |")
def ratio(label, key):
    three = values("cpu-cluster", lambda j: j[key])
    # Against one Redis with no replica, and against Sentinel's master, which feeds a replica as
    # each of the cluster's masters does (a PUBLISH goes down the replication stream, an SPUBLISH
    # to the shard's replica over the cluster bus): that pair differs by the sharding alone.
    against = [f"{statistics.median(three) / statistics.median(one):.2f} against {name}"
               for name, one in (("one Redis", values("cpu-single", lambda j: j[key])),
                                 ("Sentinel's master", values("cpu-sentinel", lambda j: j[key]))) if one and three]
    if against:
        print(f"{label}: {', '.join(against)}")
print()
ratio(f"busiest master per DM, {masters} masters / 1", "busiestMicrosPerDm")
ratio("the same less the idle cost", "busiestNetMicrosPerDm")
ratio("from schedstat", "busiestMicrosPerDmSched")
ratio("from schedstat, less the idle cost", "busiestNetMicrosPerDmSched")
PY
echo "results in $OUT"
