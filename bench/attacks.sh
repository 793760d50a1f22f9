#!/usr/bin/env bash
# The attacks of the issue on hostile clients, run from outside against ./wroustr demo as a
# user starts it (with a small heap, as a crash of the heap would show), each while a
# well-behaved client pings every 20 ms. Prints a table: what each attack got, the
# well-behaved client's round trips, and the demo's RSS; then whether the demo is still alive.
#
#   bench/attacks.sh            # HEAP=512m PORT=9700
set -euo pipefail
cd "$(dirname "$0")/.."
HEAP=${HEAP:-512m}; PORT=${PORT:-9700}
[[ ${SKIP_BUILD:-0} == 1 ]] || mvn -q -B -ntp -pl wroustr-benchmarks,wroustr-cli -am package -DskipTests
OUT=bench/out/attacks-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
JAVA_OPTS="-Xmx$HEAP" ./wroustr demo --port "$PORT" > "$OUT/demo.log" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break
  sleep 0.1
done
PID=$(pgrep -f "wroustr.jar demo --port $PORT" | head -1)
java -cp wroustr-benchmarks/target/benchmarks.jar dev.wroustr.benchmarks.attacks.Attacks "ws://127.0.0.1:$PORT/" "$PID" | tee "$OUT/attacks.md"
if kill -0 "$PID" 2>/dev/null; then echo "demo alive after the attacks (pid $PID)"; else echo "demo DIED"; fi
echo "results in $OUT"
