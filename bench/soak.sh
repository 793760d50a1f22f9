#!/usr/bin/env bash
# Soak: churns connections against `./wroustr demo` for DURATION seconds, one node or two demos
# on one redis-server (NODES=2), and after every cycle records what each server holds: live
# heap after a full GC (jmap -histo:live), RSS, open descriptors and threads (/proc/PID), open
# connections (its --metrics), and the keys in Redis. A cycle (SoakCycle in wroustr-benchmarks)
# opens CONNECTIONS connections from ADDRESSES loopback addresses, joins rooms and asks the
# time (requests), takes names and broadcasts (@JOIN, @SAY, @ROOM-SAY), cuts a tenth with a TCP
# reset before their answers, then ends the rest: a close frame, a bare TCP close or a reset.
# Prints a markdown table, a row per cycle, and the largest distance from cycle 1 (the warmed
# server) of what should come back.
#
#   bench/soak.sh                              # one node, 15 minutes, 2,000 connections a cycle
#   NODES=2 DURATION=300 bench/soak.sh         # two nodes on one Redis, 5 minutes
#   CONNECTIONS=4000 SERVER_JAVA_OPTS="-Xmx512m" SKIP_BUILD=1 bench/soak.sh
#
# Environment: DURATION=900  NODES=1  CONNECTIONS=2000  ADDRESSES=50 (127.0.0.2 and up; the
# demo allows 50 handshakes a second and 500 connections per address)  SERVER_JAVA_OPTS="-Xmx1g"
# (JAVA_OPTS of ./wroustr)  SKIP_BUILD=1 (use the jars as they are).
# Output: bench/out/soak-<time>/ holds the servers' logs, cycles.jsonl and table.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-900}; NODES=${NODES:-1}; CONNECTIONS=${CONNECTIONS:-2000}; ADDRESSES=${ADDRESSES:-50}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xmx1g"}
BENCH_JAR=wroustr-benchmarks/target/benchmarks.jar
OUT=bench/out/soak-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
[[ ${SKIP_BUILD:-0} == 1 ]] || mvn -q -B -ntp -pl wroustr-cli,wroustr-benchmarks -am package -DskipTests
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
log() { printf '[soak] %s\n' "$*" >&2; }

PIDS=()
stop_all() {  # the newest first: nodes leave before their Redis goes
  local i; for (( i = ${#PIDS[@]} - 1; i >= 0; i-- )); do kill "${PIDS[i]}" 2>/dev/null || true; wait "${PIDS[i]}" 2>/dev/null || true; done; PIDS=()
}
trap stop_all EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

REDIS_PORT=
if (( NODES > 1 )); then
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$OUT/redis.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]] && break; sleep 0.1; done
fi
NODE_PIDS=(); NODE_PORTS=()
for n in $(seq 1 "$NODES"); do
  port=$(free_port)
  args=(demo --host 127.0.0.1 --port "$port" --metrics)
  [[ -n $REDIS_PORT ]] && args+=(--redis "redis://127.0.0.1:$REDIS_PORT")
  JAVA_OPTS="$SERVER_JAVA_OPTS" ./wroustr "${args[@]}" > "$OUT/node$n.log" 2>&1 &
  PIDS+=($!); NODE_PIDS+=($!); NODE_PORTS+=("$port")
  for _ in $(seq 200); do grep -q "listening" "$OUT/node$n.log" 2>/dev/null && break; sleep 0.1; done
  grep -q "listening" "$OUT/node$n.log" || { log "node $n did not start: $(cat "$OUT/node$n.log")"; exit 1; }
done
log "nodes ${NODE_PIDS[*]} on ports ${NODE_PORTS[*]}${REDIS_PORT:+, Redis on $REDIS_PORT}; load: $(uptime)"

# One JSON object: the cycle's own line (if any), then per node what it holds, and Redis's keys.
measure() {  # $1: cycle number, $2: the cycle's JSON (or {})
  local cycle=$1 stats=$2 nodes=() pid port i
  for i in "${!NODE_PIDS[@]}"; do
    pid=${NODE_PIDS[i]}; port=${NODE_PORTS[i]}
    local heap rss fds threads open
    heap=$(jmap -histo:live "$pid" | awk '/^Total/ { print $3 }')
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    threads=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status")
    fds=$(ls "/proc/$pid/fd" | wc -l)
    open=$(python3 -c "import urllib.request, sys
for line in urllib.request.urlopen('http://127.0.0.1:$port/metrics').read().decode().splitlines():
    if line.startswith('wroustr_connections_open'): print(int(float(line.split()[-1]))); sys.exit()
print(-1)")
    nodes+=("{\"heap\":$heap,\"rssKb\":$rss,\"fds\":$fds,\"threads\":$threads,\"open\":$open}")
  done
  local keys=null
  [[ -n $REDIS_PORT ]] && keys=$(redis-cli -p "$REDIS_PORT" dbsize)
  local joined; joined=$(IFS=,; echo "${nodes[*]}")
  echo "{\"cycle\":$cycle,\"time\":\"$(date -u +%H:%M:%S)\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\",\"stats\":$stats,\"nodes\":[$joined],\"redisKeys\":$keys}" >> "$OUT/cycles.jsonl"
}

URLS=("ws://127.0.0.1:${NODE_PORTS[0]}/")
(( NODES > 1 )) && URLS+=(--also "ws://127.0.0.1:${NODE_PORTS[1]}/")
sleep 2
measure 0 '{}'
end=$(( $(date +%s) + DURATION ))
cycle=0
while (( $(date +%s) < end )); do
  cycle=$(( cycle + 1 ))
  stats=$(java -Xmx1g -cp "$BENCH_JAR" dev.wroustr.benchmarks.SoakCycle "${URLS[@]}" \
      --connections "$CONNECTIONS" --addresses "$ADDRESSES" 2>> "$OUT/client.err" | tail -1)
  [[ -n $stats ]] || stats='{}'
  sleep 2  # the server notices the last closes
  measure "$cycle" "$stats"
  log "cycle $cycle: $stats"
done
for pid in "${NODE_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || { log "node $pid died"; exit 1; }; done

python3 - "$OUT" > "$OUT/table.md" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(f"{sys.argv[1]}/cycles.jsonl")]
nodes = len(rows[0]["nodes"])
head = "| cycle | time (UTC) | load | opened / failed / kept | answers (time, room) | broadcasts got (said, room) | closed by server early |"
sep = "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"
for n in range(nodes):
    tag = f" n{n + 1}" if nodes > 1 else ""
    head += f" live heap{tag}, MiB | RSS{tag}, MiB | fds{tag} | threads{tag} | open{tag} |"
    sep += " ---: | ---: | ---: | ---: | ---: |"
if rows[0]["redisKeys"] is not None:
    head += " Redis keys |"
    sep += " ---: |"
def over(s):
    # Each talker's @SAY reaches each kept connection once at most: more is a message delivered twice.
    extra = s["said"] - s["talkers"] * s["kept"]
    note = f" (**{extra:+} over talkers x kept**)" if extra > 0 else ""
    return note + (f" (**{s['duplicates']} twice**)" if s.get("duplicates") else "")
print(head)
print(sep)
for r in rows:
    s = r["stats"]
    cells = [str(r["cycle"]), r["time"], r["load"]]
    if s:
        cells += [f'{s["opened"]:,} / {s["failed"]} / {s["kept"]:,}', f'{s["timeReplies"]:,}, {s["roomJoinedReplies"]:,}',
                  f'{s["said"]:,}{over(s)}, {s["roomSaid"]:,}', str(s["closedByServerBeforeTheEnd"])]
    else:
        cells += ["(before any)", "", "", ""]
    for n in r["nodes"]:
        cells += [f'{n["heap"] / 1048576:.1f}', f'{n["rssKb"] / 1024:.0f}', str(n["fds"]), str(n["threads"]), str(n["open"])]
    if r["redisKeys"] is not None:
        cells.append(str(r["redisKeys"]))
    print("| " + " | ".join(cells) + " |")
if len(rows) > 2:
    print()
    warm = rows[1]
    for n in range(nodes):
        def spread(key, scale=1):
            values = [r["nodes"][n][key] / scale for r in rows[2:]]
            base = warm["nodes"][n][key] / scale
            return f"{base:.1f} at cycle 1, then {min(values):.1f} to {max(values):.1f}"
        print(f"- node {n + 1}: live heap MiB {spread('heap', 1048576)}; RSS MiB {spread('rssKb', 1024)}; "
              f"fds {spread('fds')}; threads {spread('threads')}; open connections after every cycle: "
              f"{sorted(set(r['nodes'][n]['open'] for r in rows[1:]))}")
    if rows[0]["redisKeys"] is not None:
        print(f"- Redis keys after each cycle: {sorted(set(r['redisKeys'] for r in rows[1:]))} (before any: {rows[0]['redisKeys']})")
PY
cat "$OUT/table.md"
log "results in $OUT"
