#!/bin/sh
# Runs the wroustr command line: ./wroustr.sh demo | connect URL | bench URL (--help for each).
# (Named wroustr.sh because ./wroustr is the core module's directory.)
# Builds wroustr-cli/target/wroustr.jar with Maven on first use, and again only when a main
# source or a pom is newer than the jar; otherwise it starts the jar at once.
# JAVA_OPTS, if set, goes to the JVM (e.g. JAVA_OPTS=-Xmx2g ./wroustr.sh bench ...).
set -e
root=$(cd "$(dirname "$0")" && pwd)
jar="$root/wroustr-cli/target/wroustr.jar"

stale() {
    [ ! -f "$jar" ] && return 0
    # -quit stops at the first newer file: one walk of the main sources, no JVM, no Maven.
    [ -n "$(find "$root/pom.xml" "$root/wroustr/pom.xml" "$root/wroustr-cli/pom.xml" \
        "$root/wroustr/src/main" "$root/wroustr-cli/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]
}

if stale; then
    if ! command -v mvn >/dev/null 2>&1; then
        echo "wroustr: Maven (mvn) is needed to build the CLI the first time; install it and retry" >&2
        exit 1
    fi
    echo "wroustr: building the CLI (mvn -pl wroustr-cli -am package), once..." >&2
    # Maven's output is kept for a failure only (with -q it is empty, but for stray colour codes).
    log=$(mktemp "${TMPDIR:-/tmp}/wroustr-build.XXXXXX")
    if ! (cd "$root" && mvn -q -B -pl wroustr-cli -am package -DskipTests) >"$log" 2>&1; then
        sed 's/\x1b\[[0-9;]*m//g' "$log" >&2
        rm -f "$log"
        echo "wroustr: the build failed (see above)" >&2
        exit 1
    fi
    rm -f "$log"
    # Maven may leave an up-to-date jar untouched; mark it fresh so the next run starts at once.
    touch "$jar"
fi

if ! command -v java >/dev/null 2>&1; then
    echo "wroustr: java (17 or later) is needed on the PATH" >&2
    exit 1
fi
# shellcheck disable=SC2086
exec java $JAVA_OPTS -jar "$jar" "$@"
