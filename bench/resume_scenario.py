#!/usr/bin/env python3
"""Nothing lost when a connection drops, tried from outside as a user would.

Two `wroustr demo --redis` nodes on one redis-server. Client A is `wroustr connect` behind a
plain TCP proxy (as a load balancer would be) that leads to node 1; client B is `wroustr connect`
on node 2. A and B send each other COUNT direct messages (@DM) at RATE a second each. At CUT_AT
of the way the proxy cuts A's TCP connection (no close frame); in the `kill` scenario node 1 is
also killed -9 at that moment and the proxy then leads to node 2. Counts what each side got:
how many of COUNT, duplicates, out of order, and the `no such client` errors the sender was told.

    bench/resume_scenario.py                 # both scenarios: cut, then cut + kill -9
    SCENARIOS=cut COUNT=1000 bench/resume_scenario.py

Environment: SCENARIOS="cut kill"  COUNT=400  RATE=5 (the demo's limit is 10 a second)  CUT_AT=0.4  SETTLE=20 (seconds to wait
for the last messages)  JAR=wroustr-cli/target/wroustr.jar (build it with ./wroustr --help).
Exit code 0 if every scenario delivered COUNT of COUNT each way, once each, in order, and no
sender was told `no such client`; 1 otherwise.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.environ.get("JAR", os.path.join(ROOT, "wroustr-cli/target/wroustr.jar"))
COUNT = int(os.environ.get("COUNT", "400"))
# The demo lets a connection send 10 @DM a second (@LIMITED past it): 5 leaves room for what a
# client sends at once after reconnecting.
RATE = float(os.environ.get("RATE", "5"))
CUT_AT = float(os.environ.get("CUT_AT", "0.4"))
SETTLE = float(os.environ.get("SETTLE", "20"))
SCENARIOS = os.environ.get("SCENARIOS", "cut kill").split()
OUT = tempfile.mkdtemp(prefix="resume-scenario-")


def log(*parts):
    print("[resume]", *parts, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy:
    """A TCP proxy on loopback that can cut every connection through it (a reset, no close frame) and lead elsewhere."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.sockets = []
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(50)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        with self.lock:
            doomed, self.sockets = self.sockets, []
        for s in doomed:
            try:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                s.close()
            except OSError:
                pass


class Client:
    """`wroustr connect URL`, fed lines on stdin; what it prints is collected."""

    def __init__(self, name, url):
        self.name = name
        self.uuid = None
        self.texts = []
        self.errors = []
        self.lines = []
        self.connected = threading.Event()
        self.process = subprocess.Popen(["java", "-jar", JAR, "connect", url], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        threading.Thread(target=self._read_out, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read_out(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            m = re.match(r"< @DM .*#text (\S+)", line)
            if m:
                self.texts.append(m.group(1))
            elif line.startswith("< @ERROR") or line.startswith("< @LIMITED"):
                self.errors.append(line.strip())

    def _read_err(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            m = re.match(r"\* connected to \S+ as (\S+)", line)
            if m:
                self.uuid = m.group(1)
                self.connected.set()

    def send(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def stop(self):
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_node(name, redis_port):
    port = free_port()
    logfile = open(os.path.join(OUT, name + ".log"), "w")
    process = subprocess.Popen(["java", "-Xmx512m", "-jar", JAR, "demo", "--host", "127.0.0.1", "--port", str(port),
                                "--redis", "redis://127.0.0.1:%d" % redis_port], stdout=logfile, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        with open(logfile.name) as f:
            if "listening" in f.read():
                return process, port
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise SystemExit("%s did not start: see %s" % (name, logfile.name))


def verdict(received, prefix):
    wanted = ["%s-%d" % (prefix, i) for i in range(1, COUNT + 1)]
    got = [t for t in received if t.startswith(prefix + "-")]
    unique = set(got)
    in_order = [t for t in got if t in unique]
    firsts = []
    seen = set()
    for t in got:
        if t not in seen:
            seen.add(t)
            firsts.append(t)
    return {"received": len(unique & set(wanted)), "duplicates": len(got) - len(unique),
            "in order": firsts == [w for w in wanted if w in unique]}


def scenario(kind):
    redis_port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    nodes = []
    clients = []
    try:
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(redis_port), "ping"], capture_output=True, text=True).stdout.strip() == "PONG":
                break
            time.sleep(0.1)
        node1, port1 = start_node("node1-" + kind, redis_port)
        node2, port2 = start_node("node2-" + kind, redis_port)
        nodes = [node1, node2]
        proxy = Proxy(port1)
        a = Client("A", "ws://127.0.0.1:%d/" % proxy.port)
        b = Client("B", "ws://127.0.0.1:%d/" % port2)
        clients = [a, b]
        for c in clients:
            if not c.connected.wait(30):
                raise SystemExit("%s did not connect: %s" % (c.name, "\n".join(c.lines)))
        a_uuid, b_uuid = a.uuid, b.uuid
        log("%s: A %s behind the proxy on node 1, B %s on node 2" % (kind, a_uuid, b_uuid))
        cut_at = int(COUNT * CUT_AT)
        start = time.time()
        for i in range(1, COUNT + 1):
            a.send("@DM #to %s #text a-%d" % (b_uuid, i))
            b.send("@DM #to %s #text b-%d" % (a_uuid, i))
            if i == cut_at:
                proxy.cut()
                if kind == "kill":
                    node1.kill()  # SIGKILL: no goodbye to Redis, no close frames
                    proxy.target_port = port2
                log("%s: cut after %d each way%s" % (kind, i, ", node 1 killed -9" if kind == "kill" else ""))
            delay = start + i / RATE - time.time()
            if delay > 0:
                time.sleep(delay)
        deadline = time.time() + SETTLE
        while time.time() < deadline and (len(set(a.texts)) < COUNT or len(set(b.texts)) < COUNT):
            time.sleep(0.2)
        time.sleep(1)
        to_a = verdict(a.texts, "b")
        to_b = verdict(b.texts, "a")
        result = {"scenario": kind, "B to A": to_a, "A to B": to_b,
                  "A told no such client": sum("no such client" in e for e in a.errors),
                  "B told no such client": sum("no such client" in e for e in b.errors),
                  "limited": sum("@LIMITED" in e for e in a.errors + b.errors),
                  "A resumed": any("resumed the session" in l for l in a.lines),
                  "A uuid kept": a.uuid == a_uuid}
        return result
    finally:
        for c in clients:
            c.stop()
        for n in nodes:
            if n.poll() is None:
                n.terminate()
                n.wait(10)
        redis.terminate()
        redis.wait(10)


def main():
    if not os.path.exists(JAR):
        raise SystemExit("no %s: build it first (./wroustr --help builds it)" % JAR)
    ok = True
    for kind in SCENARIOS:
        r = scenario(kind)
        print("%-5s  B->A %3d/%d dup %d order %s  A->B %3d/%d dup %d order %s  'no such client' A %d B %d  limited %d  resumed %s  same uuid %s" % (
            kind, r["B to A"]["received"], COUNT, r["B to A"]["duplicates"], r["B to A"]["in order"],
            r["A to B"]["received"], COUNT, r["A to B"]["duplicates"], r["A to B"]["in order"],
            r["A told no such client"], r["B told no such client"], r["limited"], r["A resumed"], r["A uuid kept"]), flush=True)
        ok &= (r["B to A"]["received"] == COUNT and r["A to B"]["received"] == COUNT
               and r["B to A"]["duplicates"] == 0 and r["A to B"]["duplicates"] == 0
               and r["B to A"]["in order"] and r["A to B"]["in order"]
               and r["A told no such client"] == 0 and r["B told no such client"] == 0 and r["limited"] == 0)
    log("logs in", OUT)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
