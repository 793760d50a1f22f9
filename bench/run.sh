#!/usr/bin/env bash
# End-to-end benchmark: the bare Netty echo server (baseline), then the wroustr server, each
# pinned to one core, driven from the other core. Prints a markdown table of both side by side.
#
#   bench/run.sh                      # full run: DURATION=10 WARMUP=3, 10,000 idle / broadcast connections
#   QUICK=1 bench/run.sh              # smoke run: 2 s per cell, fewer connections
#   DURATION=30 WARMUP=5 bench/run.sh
#
# Environment (defaults for a full run; QUICK=1 changes the starred ones):
#   DURATION=10*  WARMUP=3*     seconds per load cell (measured) and before it (not measured)
#   SIZE=80                     message size in bytes
#   MANY=1000*                  connections of the "many connections" closed-loop cell
#   IDLE_CONNECTIONS=10000*     connections of the idle-memory cell
#   IDLE_PER_CLIENT=25000       connections per idle client process, each from its own address
#   IDLE_OFFER=none             what the demo's idle clients offer: none, welcome (wroustr.v1), resume (a session each)
#   IDLE_WARMUP=0               connections the idle cell opens and closes (the same offer) on each server
#                               before it measures, so that its RSS leaves out the JVM's one-time
#                               warm-up of the handshake's code (JIT, classes, threads); see BENCHMARKS.md
#   SERVER_HOST=127.0.0.1       where servers listen: 0.0.0.0 for more than IDLE_PER_CLIENT idle
#   BCAST_CONNECTIONS=10000*    connections of the broadcast cell
#   CELLS="idle c1 c64 cmany p32 bcast"   which cells to run (idle first: RSS on a fresh server)
#   SERVERS="bare wroustr"      which servers to run; "demo" is ./wroustr demo (its routes
#                               include CONNECTED and DISCONNECTED, as most applications' do;
#                               CONTENDER=demo puts it in the table's wroustr column); "bare2"
#                               is the baseline again (SERVERS="bare bare2" CONTENDER=bare2: what
#                               the machine alone moves a ratio by, the same server on both sides)
#   ROUNDS=1                    run every cell on both servers this many times, one round after
#                               another, the servers' order reversed every other round; the
#                               table then shows medians and each round's ratio
#   SERVER_WARMUP=5*            seconds of untimed closed-loop load (64 connections) on each
#                               freshly started server before its first load cell, so that the
#                               first cell does not measure the JIT at work (0: none)
#   SERVER_CPU=0 CLIENT_CPU=1   cores for taskset
#   SERVER_JAVA_OPTS="-Xms1g -Xmx1g"      the same JVM flags for both servers
#   WROUSTR_SERVER_ARGS=        extra flags for WroustrBenchServer, e.g. "--inline true"
#   BARE_SERVER_ARGS=           extra flags for BareNettyEchoServer, e.g. "--utf8-check false"
#   CLIENT_START=1.5            seconds a CLI load run takes to start and connect before its warmup
#   SKIP_BUILD=1                use the jars as they are
#   CLI_JAR=wroustr-cli/target/wroustr.jar   the load generator
#
# Output: bench/out/<time>/ holds each server's log, each cell's JSON and table.md.
# Numbers are only valid on an otherwise idle machine: check that nothing else runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  DURATION=${DURATION:-2}; WARMUP=${WARMUP:-1}; SERVER_WARMUP=${SERVER_WARMUP:-1}
  MANY=${MANY:-200}; IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-1000}; BCAST_CONNECTIONS=${BCAST_CONNECTIONS:-1000}
else
  DURATION=${DURATION:-10}; WARMUP=${WARMUP:-3}; SERVER_WARMUP=${SERVER_WARMUP:-5}
  MANY=${MANY:-1000}; IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-10000}; BCAST_CONNECTIONS=${BCAST_CONNECTIONS:-10000}
fi
SIZE=${SIZE:-80}
IDLE_PER_CLIENT=${IDLE_PER_CLIENT:-25000}
IDLE_WARMUP=${IDLE_WARMUP:-0}
CELLS=${CELLS:-"idle c1 c64 cmany p32 bcast"}
SERVERS=${SERVERS:-"bare wroustr"}
ROUNDS=${ROUNDS:-1}
SERVER_CPU=${SERVER_CPU:-0}
SERVER_HOST=${SERVER_HOST:-127.0.0.1}
CLIENT_CPU=${CLIENT_CPU:-1}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms1g -Xmx1g"}
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:-"-Xms1g -Xmx2g"}
CLIENT_START=${CLIENT_START:-1.5}

BENCH_JAR=$ROOT/wroustr-benchmarks/target/benchmarks.jar
CLI_JAR=${CLI_JAR:-$ROOT/wroustr-cli/target/wroustr.jar}
OUT=$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"

log() { printf '[bench] %s\n' "$*" >&2; }

# Idle and broadcast cells hold 10,000 sockets (or IDLE_CONNECTIONS) in one process: raise the
# descriptor limit as far as this shell may (root with CAP_SYS_RESOURCE can go past the hard
# limit; others stop at it).
need=$(( (IDLE_CONNECTIONS > BCAST_CONNECTIONS ? IDLE_CONNECTIONS : BCAST_CONNECTIONS) + 1000 ))
ulimit -n "$(( need > 65536 ? need : 65536 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
log "open files limit: $(ulimit -n)"
if (( $(ulimit -n) < need )); then
  log "warning: ulimit -n $(ulimit -n) is below $need; the idle and broadcast cells may fail to connect"
fi

if (( $(nproc) < 2 )); then
  log "warning: fewer than 2 cores; server and client will share one"
  SERVER_CPU=0; CLIENT_CPU=0
fi
PIN_SERVER=(taskset -c "$SERVER_CPU")
PIN_CLIENT=(taskset -c "$CLIENT_CPU")

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  log "building wroustr-cli and wroustr-benchmarks"
  mvn -q -B -pl wroustr-cli,wroustr-benchmarks -am package -DskipTests
fi
[[ -f $BENCH_JAR ]] || { log "missing $BENCH_JAR"; exit 1; }
HAVE_CLI=1
[[ -f $CLI_JAR ]] || { HAVE_CLI=0; log "warning: $CLI_JAR missing: the closed-loop cells are skipped"; }

CLK_TCK=$(getconf CLK_TCK)

# utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat, counted
# after the command name, which may hold spaces).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# Live heap after a full GC (jmap -histo:live forces one), in bytes: what the connections hold,
# without the garbage their handshakes left, which RSS counts.
live_heap_bytes() { jmap -histo:live "$1" | awk '/^Total/ { print $3 }'; }
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }

# Appends one result line: server, cell, then key=value pairs (values are JSON) or key@file
# (the JSON object a driver printed into file).
record() {
  local server=$1 cell=$2; shift 2
  python3 - "$ROUND" "$server" "$cell" "$@" >> "$RESULTS" <<'PY'
import json, sys
run, server, cell, *pairs = sys.argv[1:]
row = {"round": int(run), "server": server, "cell": cell}
def from_file(path):
    # The driver's JSON: the whole output if it is one object (pretty-printed or not),
    # else the last line that is one.
    text = open(path).read()
    try:
        return json.loads(text)
    except ValueError:
        for line in reversed(text.splitlines()):
            try:
                return json.loads(line)
            except ValueError:
                pass
    raise SystemExit(f"no JSON in {path}")
for pair in pairs:
    if "@" in pair.split("=", 1)[0]:
        key, path = pair.split("@", 1)
        row[key] = from_file(path)
        continue
    key, value = pair.split("=", 1)
    row[key] = json.loads(value) if value else None
print(json.dumps(row))
PY
}

SERVER_PID=
URL=
stop_server() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
CLIENT_PID=
stop_client() {  # CLIENT_PID: one pid, or several separated by spaces
  local pid
  for pid in $CLIENT_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  CLIENT_PID=
}
trap 'stop_client; stop_server' EXIT

start_server() {
  local name=$1 class=$2 extra=
  [[ $name == wroustr ]] && extra=${WROUSTR_SERVER_ARGS:-}
  [[ $name == bare || $name == bare2 ]] && extra=${BARE_SERVER_ARGS:-}
  # shellcheck disable=SC2086  # SERVER_JAVA_OPTS and extra are lists of flags
  if [[ $name == demo ]]; then
    "${PIN_SERVER[@]}" java $SERVER_JAVA_OPTS -jar "$CLI_JAR" demo --host "$SERVER_HOST" --port 0 --max-connections 1000000 \
        > "$OUT/$name-server.log" 2>&1 &
  else
    "${PIN_SERVER[@]}" java $SERVER_JAVA_OPTS -cp "$BENCH_JAR" "$class" --host "$SERVER_HOST" --port 0 $extra \
        > "$OUT/$name-server.log" 2>&1 &
  fi
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    URL=$(grep -o 'listening on ws://[^ ]*' "$OUT/$name-server.log" | head -1 | cut -d' ' -f3 || true)
    [[ -n $URL ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$name server died:"; cat "$OUT/$name-server.log" >&2; return 1; }
    sleep 0.1
  done
  [[ -n $URL ]] || { log "$name server did not start"; return 1; }
  log "$name server pid $SERVER_PID at $URL"
}

# Starts the server and checks that its port takes a TCP connection: once in some forty runs a
# server that had printed its URL refused every connection, which cost the round all its cells.
# Such a server is stopped (its log kept) and started again, twice at most.
start_accepting_server() {
  local name=$1 class=$2 attempt port
  for attempt in 1 2 3; do
    start_server "$name" "$class" || return 1
    port=${URL##*:}; port=${port%%/*}
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    log "$name server at $URL refuses connections (attempt $attempt); its log: $name-server-refused-$attempt.log"
    cp "$OUT/$name-server.log" "$OUT/$name-server-refused-$attempt.log"
    stop_server
  done
  return 1
}

# Waits until FILE holds a line matching PATTERN, or PID exits, or SECONDS pass.
wait_for_line() {
  local file=$1 pattern=$2 pid=$3 seconds=$4
  local deadline=$(( $(date +%s) + seconds ))
  while ! grep -q "$pattern" "$file" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 1
    (( $(date +%s) < deadline )) || return 1
    sleep 0.1
  done
}

# A closed-loop cell through the CLI's load generator. The server's CPU is sampled over a
# window inside the client's measured one: it starts CLIENT_START + WARMUP seconds after the
# client and lasts DURATION - 1 seconds (at least 0.5).
load_cell() {
  local server=$1 cell=$2 connections=$3 pipeline=$4
  local json=$OUT/$server-$cell.json
  log "$server $cell: $connections connections x $pipeline in flight"
  "${PIN_CLIENT[@]}" java $CLIENT_JAVA_OPTS -jar "$CLI_JAR" bench "$URL" --connections "$connections" \
      --pipeline "$pipeline" --size "$SIZE" --duration "${DURATION}s" --warmup "${WARMUP}s" --json \
      > "$json" 2> "$OUT/$server-$cell.err" &
  CLIENT_PID=$!
  sleep "$(calc "$CLIENT_START + $WARMUP")"
  local t0 s0 t1 s1
  t0=$(cpu_ticks "$SERVER_PID"); s0=$(now)
  sleep "$(calc "max(0.5, $DURATION - 1)")"
  t1=$(cpu_ticks "$SERVER_PID"); s1=$(now)
  if ! wait "$CLIENT_PID"; then
    log "$server $cell: load generator failed:"; cat "$OUT/$server-$cell.err" >&2
    CLIENT_PID=; record "$server" "$cell" "failed=true"; return 0
  fi
  CLIENT_PID=
  record "$server" "$cell" "result@$json" \
      "cpuSeconds=$(calc "($t1 - $t0) / $CLK_TCK")" "windowSeconds=$(calc "$s1 - $s0")"
}

# Untimed load on a freshly started server, once, before its first load cell: run after the
# idle cell, whose RSS must be that of a fresh server.
WARMED=0
warm_server() {
  (( WARMED == 0 && HAVE_CLI == 1 )) || return 0
  WARMED=1
  (( $(calc "int($SERVER_WARMUP > 0)") )) || return 0
  log "warming the server up: ${SERVER_WARMUP}s of load, not measured"
  "${PIN_CLIENT[@]}" java $CLIENT_JAVA_OPTS -jar "$CLI_JAR" bench "$URL" --connections 64 --pipeline 1 \
      --size "$SIZE" --duration "${SERVER_WARMUP}s" --warmup 0s --json > /dev/null 2> "$OUT/warmup.err" \
      || log "warning: the warm-up load failed: $(tail -1 "$OUT/warmup.err")"
}

idle_cell() {
  local server=$1 n=$IDLE_CONNECTIONS
  local out=$OUT/$server-idle.json
  log "$server idle: $n connections"
  # What the demo's idle clients offer (IDLE_OFFER): nothing, the welcome, or a resumable session.
  local offer= offer_args=
  if [[ $server == demo && ${IDLE_OFFER:-none} != none ]]; then
    offer_args="--subprotocol wroustr.v1"
    [[ $IDLE_OFFER == resume ]] && offer="?wroustr-resume=1"
  fi
  if (( IDLE_WARMUP > 0 )); then
    # Opened, held a second and closed with close frames (which end a resumable session at once).
    log "$server idle: warming up with $IDLE_WARMUP connections, opened and closed"
    "${PIN_CLIENT[@]}" java $CLIENT_JAVA_OPTS -cp "$BENCH_JAR" dev.wroustr.benchmarks.IdleConnections \
        "$URL$offer" --connections "$IDLE_WARMUP" --hold 1s $offer_args > "$OUT/$server-idle-warmup.out" 2>&1 \
        || log "warning: the idle warm-up failed: $(tail -1 "$OUT/$server-idle-warmup.out")"
    sleep 2  # their DISCONNECTED routes run
  fi
  sleep 1
  local before after heap_before heap_after
  heap_before=$(live_heap_bytes "$SERVER_PID")
  before=$(rss_kb "$SERVER_PID")
  # One client process per IDLE_PER_CLIENT connections, each to its own loopback address
  # (127.0.0.1, .2, ...; the server must listen on 0.0.0.0 past one), since one address pair
  # has about 28,000 ephemeral ports.
  local parts=$(( (n + IDLE_PER_CLIENT - 1) / IDLE_PER_CLIENT )) part share
  CLIENT_PID=
  for part in $(seq 1 "$parts"); do
    share=$(( n / parts + (part <= n % parts ? 1 : 0) ))
    "${PIN_CLIENT[@]}" java $CLIENT_JAVA_OPTS -cp "$BENCH_JAR" dev.wroustr.benchmarks.IdleConnections \
        "${URL/127.0.0.1/127.0.0.$part}$offer" --connections "$share" $offer_args > "$out.$part" 2> "$OUT/$server-idle.err.$part" &
    CLIENT_PID="$CLIENT_PID $!"
  done
  local pids=($CLIENT_PID)
  for part in $(seq 1 "$parts"); do
    if ! wait_for_line "$out.$part" '"open"' "${pids[part-1]}" 300; then
      log "$server idle: connections did not open:"; cat "$OUT/$server-idle.err.$part" >&2
      stop_client; record "$server" idle "failed=true"; return 0
    fi
  done
  # One JSON line for the table: the parts' counts added up.
  python3 -c 'import json, sys
parts = [json.loads(next(l for l in open(p) if "\"open\"" in l)) for p in sys.argv[1:]]
print(json.dumps({k: max(p[k] for p in parts) if k == "millis" else sum(p[k] for p in parts) for k in parts[0]}))' \
      $(seq -f "$out.%g" 1 "$parts") > "$out"
  sleep 2  # let the server finish whatever each new connection started
  after=$(rss_kb "$SERVER_PID")
  heap_after=$(live_heap_bytes "$SERVER_PID")
  stop_client
  record "$server" idle "result@$out" "rssBeforeKb=$before" "rssAfterKb=$after" \
      "heapBeforeBytes=$heap_before" "heapAfterBytes=$heap_after"
  sleep 2  # let the server close them before the next cell
}

bcast_cell() {
  local server=$1 n=$BCAST_CONNECTIONS
  local json=$OUT/$server-bcast.json err=$OUT/$server-bcast.err
  log "$server bcast: $n connections"
  "${PIN_CLIENT[@]}" java $CLIENT_JAVA_OPTS -cp "$BENCH_JAR" dev.wroustr.benchmarks.BroadcastBench "$URL" \
      --connections "$n" --size "$SIZE" --duration "${DURATION}s" --warmup "${WARMUP}s" \
      > "$json" 2> "$err" &
  CLIENT_PID=$!
  # The driver says when its measured window starts; connecting 10,000 takes a while.
  if ! wait_for_line "$err" '^measuring' "$CLIENT_PID" 300; then
    log "$server bcast: driver failed:"; cat "$err" >&2
    stop_client; record "$server" bcast "failed=true"; return 0
  fi
  local t0 s0 t1 s1
  t0=$(cpu_ticks "$SERVER_PID"); s0=$(now)
  sleep "$(calc "max(0.5, $DURATION - 0.5)")"
  t1=$(cpu_ticks "$SERVER_PID"); s1=$(now)
  if ! wait "$CLIENT_PID"; then
    log "$server bcast: driver failed:"; cat "$err" >&2
    CLIENT_PID=; record "$server" bcast "failed=true"; return 0
  fi
  CLIENT_PID=
  record "$server" bcast "result@$json" \
      "cpuSeconds=$(calc "($t1 - $t0) / $CLK_TCK")" "windowSeconds=$(calc "$s1 - $s0")"
}

server_class() {
  case $1 in
    bare|bare2) echo dev.wroustr.benchmarks.BareNettyEchoServer ;;
    wroustr) echo dev.wroustr.benchmarks.WroustrBenchServer ;;
    demo) echo dev.wroustr.cli.Main ;;
    *) log "unknown server $1"; return 1 ;;
  esac
}

for ROUND in $(seq 1 "$ROUNDS"); do
  if (( ROUNDS > 1 )); then log "round $ROUND of $ROUNDS"; fi
  # Every other round the other server goes first, so that a drift of the machine over a round
  # does not always favour the same one.
  order=$SERVERS
  if (( ROUND % 2 == 0 )); then order=$(echo "$SERVERS" | tr ' ' '\n' | tac | tr '\n' ' '); fi
  for server in $order; do
    class=$(server_class "$server")
    if [[ $server != demo ]] && ! unzip -l "$BENCH_JAR" "${class//.//}.class" > /dev/null 2>&1; then
      log "warning: $class is not in $BENCH_JAR (not built yet?): skipping $server"
      continue
    fi
    start_accepting_server "$server" "$class" || { log "$server server does not accept connections: skipping it this round"; continue; }
    WARMED=0
    for cell in $CELLS; do
      kill -0 "$SERVER_PID" 2>/dev/null || { log "$server server died"; break; }
      case $cell in
        c1|c64|cmany|p32)
          if [[ $HAVE_CLI != 1 ]]; then continue; fi
          warm_server
          case $cell in
            c1) load_cell "$server" c1 1 1 ;;
            c64) load_cell "$server" c64 64 1 ;;
            cmany) load_cell "$server" cmany "$MANY" 1 ;;
            p32) load_cell "$server" p32 64 32 ;;
          esac ;;
        idle) idle_cell "$server" ;;
        bcast) bcast_cell "$server" ;;
        *) log "unknown cell $cell" ;;
      esac
    done
    stop_server
  done
done

{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(java -version 2>&1 | head -1)."
  echo "QUICK=$QUICK ROUNDS=$ROUNDS DURATION=${DURATION}s WARMUP=${WARMUP}s SERVER_WARMUP=${SERVER_WARMUP}s SIZE=$SIZE MANY=$MANY IDLE_CONNECTIONS=$IDLE_CONNECTIONS IDLE_WARMUP=$IDLE_WARMUP IDLE_OFFER=${IDLE_OFFER:-none} BCAST_CONNECTIONS=$BCAST_CONNECTIONS WROUSTR_SERVER_ARGS='${WROUSTR_SERVER_ARGS:-}' BARE_SERVER_ARGS='${BARE_SERVER_ARGS:-}'"
  echo
  python3 "$ROOT/bench/table.py" "$RESULTS" "$MANY" "$IDLE_CONNECTIONS" "$BCAST_CONNECTIONS"
} | tee "$OUT/table.md"
log "results in ${OUT#"$ROOT"/}"
