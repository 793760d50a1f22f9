#!/usr/bin/env bash
# Checks the proxy configurations of docs/deploy/ (nginx, HAProxy, Caddy) against a real
# `wroustr demo`, all on loopback: each proxy terminates TLS (a self-signed certificate made
# here with openssl) on a free port and forwards to the demo; through each, a WebSocket upgrade
# and `@PING` -> `@PONG` with `wroustr connect wss://localhost:PORT/`, and the client's address
# forwarded: curl upgrades from 127.0.0.5, and the demo, trusting only the proxy (127.0.0.1),
# must print `connected ... from 127.0.0.5` (a proxy that forwarded no address would show
# 127.0.0.1; one that passed on the X-Forwarded-For curl forges, 198.51.100.9, as the client's
# would let any client choose its address). Also `demo --tls` with the same openssl certificate, no proxy, and the systemd
# unit with `systemd-analyze verify`. Takes under a minute.
#
# A proxy missing from the PATH is installed with apt-get when run as root (Debian's packages
# nginx, haproxy, caddy), else skipped and reported. Not part of .ci/run: it installs packages.
# Usage: bench/deploy-check.sh [nginx] [haproxy] [caddy]   (default: all three). Exit 1 on any failure.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/wroustr-cli/target/wroustr.jar"
proxies=${*:-nginx haproxy caddy}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wroustr-deploy.XXXXXX")
pids=""
failed=0

cleanup() {
    for pid in $pids; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 10 s for a TCP port on 127.0.0.1 to accept.
wait_port() {
    i=0
    while ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
        i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.1
    done
}

"$root/wroustr" --version >/dev/null || exit 1    # builds the jar if it is stale

# A self-signed certificate for localhost and 127.0.0.1 (the key in PKCS#8 PEM, as openssl 3 writes it),
# and a trust store with it for the Java client.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" 2>/dev/null || exit 1
cat "$tmp/fullchain.pem" "$tmp/privkey.pem" > "$tmp/chat.pem"
keytool -importcert -noprompt -alias wroustr -file "$tmp/fullchain.pem" -keystore "$tmp/trust.p12" \
    -storetype PKCS12 -storepass changeit >/dev/null 2>&1 || exit 1
trust="-Djavax.net.ssl.trustStore=$tmp/trust.p12 -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12"

# Through wss://localhost:$1/: a WebSocket upgrade and @PING -> @PONG, then the forwarded address.
check() {
    name=$1 port=$2 log=$3
    # shellcheck disable=SC2086
    if java $trust -jar "$jar" connect "wss://localhost:$port/" --send @PING --expect @PONG --timeout 10s > "$tmp/connect.out" 2>&1; then
        echo "ok    $name: upgrade and @PING -> @PONG through wss://localhost:$port/"
    else
        echo "FAIL  $name: @PING -> @PONG through wss://localhost:$port/:"; sed 's/^/      /' "$tmp/connect.out"; failed=1
    fi
    [ "$log" = "" ] && return
    # Only the lines this check adds: an earlier proxy's success must not pass for this one.
    before=$(wc -l < "$log")
    status=$(curl -sk --http1.1 --interface 127.0.0.5 --max-time 2 -o /dev/null -w '%{http_code}' \
        -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' \
        -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H 'X-Forwarded-For: 198.51.100.9' "https://localhost:$port/")
    sleep 0.5
    added=$(tail -n +$((before + 1)) "$log")
    if [ "$status" = 101 ] && echo "$added" | grep -q "from 127.0.0.5 "; then
        echo "ok    $name: upgrade from 127.0.0.5 answered $status, the demo saw: $(echo "$added" | grep -o 'connected .*from 127.0.0.5')"
    else
        echo "FAIL  $name: upgrade from 127.0.0.5 answered $status; the demo printed:"
        echo "$added" | sed 's/^/      /'; failed=1
    fi
}

demo_port=$(free_port)
java -jar "$jar" demo --port "$demo_port" --trust-proxy 127.0.0.1 > "$tmp/demo.log" 2>&1 &
pids="$pids $!"
wait_port "$demo_port" || { echo "FAIL  the demo did not start:"; cat "$tmp/demo.log"; exit 1; }

tls_port=$(free_port)
java -jar "$jar" demo --port "$tls_port" --tls "$tmp/fullchain.pem" "$tmp/privkey.pem" > "$tmp/demo-tls.log" 2>&1 &
pids="$pids $!"
if wait_port "$tls_port"; then check "demo --tls (no proxy)" "$tls_port" ""
else echo "FAIL  demo --tls did not start:"; cat "$tmp/demo-tls.log"; failed=1; fi

# The documented configuration with this run's ports and files.
configure() {
    # HAProxy takes two descriptors a connection: maxconn as this shell's limit allows (docs/deploy.md, "Limits").
    sed -e "s#127.0.0.1:9000#127.0.0.1:$demo_port#" -e "s#maxconn 50000#maxconn $(( ($(ulimit -n) - 100) / 2 ))#" \
        -e "s#listen 443 ssl#listen 127.0.0.1:$port ssl#" -e "s#bind :443 #bind 127.0.0.1:$port #" \
        -e "s#/etc/ssl/wroustr/#$tmp/#g" -e "s#/etc/haproxy/certs/chat.pem#$tmp/chat.pem#" \
        -e "s#^chat.example.com {#https://localhost:$port {#" "$root/docs/deploy/$1"
}

for proxy in $proxies; do
    if ! command -v "$proxy" >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "...   installing $proxy (apt-get install -y $proxy)"
            apt-get install -y "$proxy" > "$tmp/apt.log" 2>&1 || { echo "SKIP  $proxy: apt-get install failed"; tail -3 "$tmp/apt.log"; continue; }
        else
            echo "SKIP  $proxy: not installed (run as root to apt-get it)"; continue
        fi
    fi
    port=$(free_port)
    : > "$tmp/$proxy.log"
    case $proxy in
        nginx)
            mkdir -p "$tmp/nginx"
            { echo "pid $tmp/nginx/nginx.pid; error_log $tmp/nginx.log; events { } http { access_log off;"
              echo "client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx;"
              configure nginx.conf; echo "}"; } > "$tmp/nginx.conf"
            nginx -v 2>&1 | sed 's/^/      /'
            nginx -p "$tmp/nginx" -c "$tmp/nginx.conf" -g 'daemon off;' >> "$tmp/nginx.log" 2>&1 & ;;
        haproxy)
            configure haproxy.cfg > "$tmp/haproxy.cfg"
            haproxy -v | head -1 | sed 's/^/      /'
            haproxy -db -f "$tmp/haproxy.cfg" >> "$tmp/haproxy.log" 2>&1 & ;;
        caddy)
            # No admin endpoint, no redirect listener on port 80, state in the temporary directory.
            { printf '{\n\tadmin off\n\tauto_https disable_redirects\n\tstorage file_system %s/caddy\n}\n' "$tmp"
              configure Caddyfile; } > "$tmp/Caddyfile"
            caddy version | sed 's/^/      Caddy /'
            XDG_DATA_HOME=$tmp XDG_CONFIG_HOME=$tmp caddy run --adapter caddyfile --config "$tmp/Caddyfile" >> "$tmp/caddy.log" 2>&1 & ;;
        *) echo "SKIP  $proxy: no configuration for it"; continue ;;
    esac
    pid=$!
    pids="$pids $pid"
    if wait_port "$port"; then
        check "$proxy" "$port" "$tmp/demo.log"
    else
        echo "FAIL  $proxy did not start:"; sed 's/^/      /' "$tmp/$proxy.log"; failed=1
    fi
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
done
# The systemd unit: its keys and sections, where systemd-analyze is present (it is not run here).
if command -v systemd-analyze >/dev/null 2>&1; then
    if out=$(systemd-analyze verify "$root/docs/deploy/wroustr.service" 2>&1) && [ -z "$out" ]; then
        echo "ok    wroustr.service: systemd-analyze verify has nothing to say"
    else
        echo "FAIL  wroustr.service: systemd-analyze verify:"; echo "$out" | sed 's/^/      /'; failed=1
    fi
else
    echo "SKIP  wroustr.service: no systemd-analyze"
fi
[ $failed = 0 ] && echo "all checks passed" || echo "some checks FAILED"
exit $failed
