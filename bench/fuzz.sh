#!/usr/bin/env bash
# The frame fuzzer for a set time: wroustr-core's FrameFuzzTest (random and mutated frames over
# real sockets against a server with compression off and one with it on, each case checked
# against RFC 6455, RFC 7692 and PROTOCOL.md, a bystander served between cases, the heap and
# descriptors back at their baseline after) run for DURATION seconds instead of its short
# seeded run. A failure names its case's seed; -Dfuzz.case=SEED in the test runs it alone.
#
#   DURATION=600 bench/fuzz.sh          # ten minutes, a seed from the clock
#   SEED=42 DURATION=60 bench/fuzz.sh   # a given seed
#   SKIP_BUILD=1 ...                    # wroustr-core's dependencies installed already
#
# Prints the run's summary (seed, cases, frames, bytes, failures, heap and descriptors before
# and after) and keeps the test's output in bench/out/fuzz-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-600}
SEED=${SEED:-$(date +%s)}
OUT=bench/out/fuzz-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
[[ ${SKIP_BUILD:-0} == 1 ]] || mvn -q -B -ntp -pl wroustr-core -am install -DskipTests
echo "[fuzz] seed $SEED for ${DURATION} s; load before: $(uptime)" | tee "$OUT/summary.txt"
status=0
# The test class's timeout is for the short run: off for this one.
mvn -B -ntp -q -pl wroustr-core test -Dtest=FrameFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfuzz.seed="$SEED" -Dfuzz.seconds="$DURATION" -Djunit.jupiter.execution.timeout.mode=disabled \
    > "$OUT/maven.log" 2>&1 || status=$?
cp wroustr-core/target/surefire-reports/dev.wroustr.server.FrameFuzzTest-output.txt "$OUT/test-output.txt" 2>/dev/null || true
{
  grep -h '^FAILED\|^frame fuzz' "$OUT/test-output.txt" 2>/dev/null || echo "[fuzz] no summary: see $OUT/maven.log"
  echo "[fuzz] load after: $(uptime)"
} | tee -a "$OUT/summary.txt"
exit "$status"
