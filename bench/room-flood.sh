#!/usr/bin/env bash
# A node's subscription flooded through the cluster (RoomFlood): two demos on one Redis, or on a
# three-master Redis Cluster (TOPOLOGY=cluster), CONNECTIONS clients on node one each saying SIZE
# bytes to a room of its own ten times a second, and a canary DM from node two to node one every
# 150 ms. Prints what the canary got (sent, refused, arrived, lost with nobody told, @MISSED
# notices) and the subscription drops node one counted.
#
# PUBSUB_LIMIT (e.g. "4mb 1mb 5") sets Redis' client-output-buffer-limit for pub/sub clients
# (default 32mb 8mb 60), to reach it with the load this machine can make.
#
#   CONNECTIONS=600 SECONDS=10 SIZE=16384 TOPOLOGY=redis bench/room-flood.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-600}; SECONDS_=${SECONDS:-10}; SIZE=${SIZE:-16384}; TOPOLOGY=${TOPOLOGY:-redis}
[[ ${SKIP_BUILD:-0} == 1 ]] || mvn -q -B -ntp -pl wroustr-benchmarks,wroustr-cli -am package -DskipTests
OUT=bench/out/room-flood-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
redis() {  # $1: port, then settings
  local port=$1; shift
  local limit=(); [[ -n ${PUBSUB_LIMIT:-} ]] && limit=(--client-output-buffer-limit "pubsub $PUBSUB_LIMIT")
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$OUT" "${limit[@]}" "$@" > "$OUT/redis-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do [[ "$(redis-cli -p "$port" ping 2>/dev/null)" == PONG ]] && return; sleep 0.1; done
}
if [[ $TOPOLOGY == cluster ]]; then
  SEEDS=()
  for _ in 1 2 3; do
    p=$(free_port); redis "$p" --cluster-enabled yes --cluster-config-file "nodes-$p.conf" --cluster-port "$(free_port)"; SEEDS+=("127.0.0.1:$p")
  done
  redis-cli --cluster create "${SEEDS[@]}" --cluster-yes > "$OUT/create.log"
  until redis-cli -p "${SEEDS[0]#*:}" cluster info | grep -q cluster_state:ok; do sleep 0.2; done
  FLAG=(--redis-cluster "$(IFS=,; echo "${SEEDS[*]}")")
else
  p=$(free_port); redis "$p"; FLAG=(--redis "redis://127.0.0.1:$p")
fi
demo() {  # $1: name; sets URL
  ./wroustr demo --port 0 --metrics "${FLAG[@]}" > "$OUT/$1.log" 2>&1 &
  PIDS+=($!)
  URL=
  for _ in $(seq 200); do URL=$(sed -n 's/.*listening on \(ws:[^ ]*\).*/\1/p' "$OUT/$1.log" | head -1); [[ -n $URL ]] && return; sleep 0.1; done
  echo "demo $1 did not start" >&2; exit 1
}
demo one; ONE=$URL
demo two; TWO=$URL
java -cp wroustr-benchmarks/target/benchmarks.jar dev.wroustr.benchmarks.attacks.RoomFlood "$ONE" "$TWO" "$CONNECTIONS" "$SECONDS_" "$SIZE" | tee "$OUT/flood.json"
METRICS=$(echo "$ONE" | sed 's#^ws#http#; s#/*$##')/metrics
echo "node one: $(curl -s "$METRICS" | grep -E '^wroustr_redis_(subscription_drops|failures)_total' | tr '\n' ' ')"
echo "node one logged: $(grep -c "dropped this node's subscription" "$OUT/one.log" || true) gaps told"
echo "results in $OUT"
