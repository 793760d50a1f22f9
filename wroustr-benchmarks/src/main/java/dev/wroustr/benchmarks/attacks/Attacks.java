package dev.wroustr.benchmarks.attacks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The attacks of the issue on hostile clients, run again against a running {@code ./wroustr demo}
 * from outside, each while a well-behaved client pings every 20 ms: what the attack got, the
 * well-behaved client's round trips, and the server's RSS.
 *
 * <pre>java -cp benchmarks.jar dev.wroustr.benchmarks.attacks.Attacks ws://127.0.0.1:9000/ [PID]</pre>
 */
public final class Attacks {
    private final URI uri;
    private final long pid;

    private Attacks(URI uri, long pid) {
        this.uri = uri;
        this.pid = pid;
    }

    public static void main(String[] args) throws Exception {
        Attacks attacks = new Attacks(URI.create(args[0]), args.length > 1 ? Long.parseLong(args[1]) : -1);
        System.out.println("| attack | what it got | well-behaved ping p50 / p99 / max (ms), unanswered | server RSS before -> after (MiB) |");
        System.out.println("| --- | --- | --- | --- |");
        attacks.run("1. rooms: one connection asks to join 5,000 rooms", attacks::rooms);
        attacks.run("2. broadcast: one client sends 1 KiB @SAY as fast as it can to 300 reading listeners", attacks::broadcast);
        attacks.run("4. trickle: 300 connections each hold half a frame, a byte every 2 s", attacks::trickle);
        attacks.run("5. a client floods @ECHO and never reads", attacks::nonReader);
        attacks.run("6. @WHO from 32 clients at once, 20 times, 100 names joined", attacks::who);
        attacks.run("8. handshakes: version 8, bad key, HTTP/1.0, 64 KiB header, 9 KiB URI", attacks::handshakes);
    }

    interface Attack {
        String run() throws Exception;
    }

    private void run(String name, Attack attack) throws Exception {
        long before = rssMiB();
        Pinger pinger = new Pinger(uri);
        pinger.start();
        String outcome;
        try {
            outcome = attack.run();
        } catch (Exception e) {
            outcome = "failed: " + e;
        }
        pinger.stop();
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %d -> %d |%n", name, outcome, pinger.summary(), before, rssMiB());
        System.gc();
        Thread.sleep(1000);
    }

    private String rooms() throws Exception {
        try (Wire wire = Wire.upgrade(uri, "")) {
            var out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 5_000; i++) out.write(Wire.text("@ROOM-JOIN #room r" + i));
            wire.out.write(out.toByteArray());
            wire.out.flush();
            int joined = 0, refused = 0, limited = 0;
            wire.socket.setSoTimeout(3000);
            try {
                while (joined + refused + limited < 5_000) {
                    String text = wire.read().text();
                    if (text.startsWith("@ROOM-JOINED")) joined++;
                    else if (text.startsWith("@LIMITED")) limited++;
                    else if (text.startsWith("@ERROR")) refused++;
                }
            } catch (java.net.SocketTimeoutException done) {
                // all answered that will be
            }
            return joined + " joined, " + refused + " refused, " + limited + " rate-limited";
        }
    }

    private String broadcast() throws Exception {
        List<Wire> listeners = new ArrayList<>();
        AtomicLong said = new AtomicLong();
        AtomicInteger closed = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Wire listener = Wire.upgrade(uri, "");
            listener.send("@JOIN #name l" + i);
            listeners.add(listener);
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        Wire.Frame frame = listener.read();
                        if (frame.opcode() == Wire.CLOSE) {
                            closed.incrementAndGet();
                            return;
                        }
                        if (frame.opcode() == Wire.TEXT && frame.payload().length > 5 && frame.text().startsWith("@SAID")) said.incrementAndGet();
                    }
                } catch (IOException e) {
                    if (!listener.socket.isClosed()) closed.incrementAndGet();
                }
            });
            reader.setDaemon(true);
            reader.start();
            readers.add(reader);
        }
        Thread.sleep(1000);
        long saidBefore = said.get();
        int limited = 0, sent = 0;
        String flooderFate = "not cut";
        try (Wire flooder = Wire.upgrade(uri, "")) {
            flooder.send("@JOIN #name flooder");
            String text = "x".repeat(1024);
            byte[] one = Wire.text("@SAY #text " + text);
            AtomicInteger limitedCount = new AtomicInteger();
            Thread drain = new Thread(() -> {
                try {
                    while (true) {
                        Wire.Frame frame = flooder.read();
                        if (frame.opcode() == Wire.TEXT && frame.text().startsWith("@LIMITED")) limitedCount.incrementAndGet();
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            drain.setDaemon(true);
            drain.start();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(10);
            try {
                while (System.nanoTime() < end) {
                    flooder.out.write(one);
                    sent++;
                }
            } catch (IOException cut) {
                // It read its @LIMITED answers slower than it made the server write them.
                flooderFate = String.format(Locale.ROOT, "cut after %.1f s", (System.nanoTime() - start) / 1e9);
            }
            Thread.sleep(2000);
            limited = limitedCount.get();
        }
        listeners.forEach(Wire::close);
        return String.format(Locale.ROOT, "%,d sent, %,d rate-limited, the flooder %s; %,d @SAID delivered to the listeners; listeners closed: %d of 300",
                sent, limited, flooderFate, said.get() - saidBefore, closed.get());
    }

    private String trickle() throws Exception {
        List<Wire> held = new ArrayList<>();
        byte[] frame = Wire.text("@ECHO #v " + "y".repeat(60_000));
        for (int i = 0; i < 300; i++) {
            Wire wire = Wire.upgrade(uri, "");
            wire.out.write(frame, 0, frame.length / 2);
            wire.out.flush();
            held.add(wire);
        }
        long start = System.nanoTime();
        int at = frame.length / 2;
        int open = held.size();
        while (open > 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
            Thread.sleep(2000);
            open = 0;
            for (Wire wire : held) {
                try {
                    wire.out.write(frame[at]);
                    wire.out.flush();
                    if (!wire.socket.isClosed()) open++;
                } catch (IOException cut) {
                    // closed by the server
                }
            }
            at++;
        }
        // What the server said to them: a close frame with its code.
        int policy = 0;
        for (Wire wire : held) {
            try {
                wire.socket.setSoTimeout(200);
                Wire.Frame f;
                do {
                    f = wire.read();
                } while (f.opcode() != Wire.CLOSE);
                if (f.closeCode() == 1008) policy++;
            } catch (IOException ignored) {
                // cut
            }
            wire.close();
        }
        return String.format(Locale.ROOT, "all closed after %.1f s (%d with 1008 'message not finished'); still open: %d",
                (System.nanoTime() - start) / 1e9, policy, open);
    }

    private String nonReader() throws Exception {
        try (Wire wire = Wire.upgrade(uri, "")) {
            byte[] one = Wire.text("@ECHO #v " + "z".repeat(1000));
            long start = System.nanoTime();
            long written = 0;
            try {
                while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(40)) {
                    wire.out.write(one);
                    written += one.length;
                }
                return "not cut in 40 s";
            } catch (IOException cut) {
                return String.format(Locale.ROOT, "cut after %.1f s, %,d KiB written", (System.nanoTime() - start) / 1e9, written / 1024);
            }
        }
    }

    private String who() throws Exception {
        List<Wire> named = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Wire wire = Wire.upgrade(uri, "");
            wire.send("@JOIN #name n" + i);
            named.add(wire);
        }
        List<Thread> askers = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        AtomicLong largest = new AtomicLong();
        AtomicInteger answers = new AtomicInteger();
        for (int i = 0; i < 32; i++) {
            Thread asker = new Thread(() -> {
                try (Wire wire = Wire.upgrade(uri, "")) {
                    for (int n = 0; n < 20; n++) {
                        wire.send("@WHO");
                        Wire.Frame frame;
                        // An answer is an @USER for each name listed, then @USERS: all of it counts.
                        long answer = 0;
                        do {
                            frame = wire.read();
                            if (frame.opcode() == Wire.TEXT && !frame.text().startsWith("@JOINED")) answer += frame.payload().length;
                        } while (!(frame.opcode() == Wire.TEXT && (frame.text().startsWith("@USERS") || frame.text().startsWith("@LIMITED"))));
                        bytes.addAndGet(answer);
                        largest.accumulateAndGet(answer, Math::max);
                        answers.incrementAndGet();
                        Thread.sleep(250);
                    }
                } catch (Exception ignored) {
                    // counted by what it got
                }
            });
            asker.start();
            askers.add(asker);
        }
        for (Thread asker : askers) asker.join();
        named.forEach(Wire::close);
        return String.format(Locale.ROOT, "%d answers, the largest %,d bytes, on average %,d", answers.get(), largest.get(),
                answers.get() == 0 ? 0 : bytes.get() / answers.get());
    }

    private String handshakes() throws Exception {
        List<String> got = new ArrayList<>();
        got.add("version 8: " + statusOf(Wire.request(uri, "").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8")));
        got.add("bad key: " + statusOf(Wire.request(uri, "").replaceFirst("Sec-WebSocket-Key: [^\\r]*", "Sec-WebSocket-Key: abc")));
        got.add("HTTP/1.0: " + statusOf(Wire.request(uri, "").replace("HTTP/1.1", "HTTP/1.0")));
        got.add("64 KiB header: " + statusOf(Wire.request(uri, "X-Big: " + "a".repeat(64 * 1024) + "\r\n")));
        got.add("9 KiB URI: " + statusOf(Wire.request(uri, "").replaceFirst("GET [^ ]*", "GET /?t=" + "b".repeat(9 * 1024))));
        got.add("4 KiB query token: " + statusOf(Wire.request(uri, "").replaceFirst("GET [^ ]*", "GET /?t=" + "c".repeat(4 * 1024))));
        return String.join("; ", got);
    }

    private String statusOf(String request) throws IOException {
        try (Wire wire = Wire.open(uri)) {
            wire.out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            wire.out.flush();
            String status = wire.readHead();
            String[] parts = status.split(" ");
            return parts.length > 1 ? parts[1] : (status.isEmpty() ? "reset" : status);
        } catch (IOException e) {
            return "reset";
        }
    }

    private long rssMiB() {
        if (pid <= 0) return -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** The well-behaved client: a @PING every 20 ms, each round trip recorded. */
    private static final class Pinger {
        private final URI uri;
        private final Histogram rtt = new Histogram(60_000_000L, 3);
        private volatile boolean running = true;
        private final AtomicInteger unanswered = new AtomicInteger();
        private Thread thread;

        Pinger(URI uri) {
            this.uri = uri;
        }

        void start() {
            thread = new Thread(() -> {
                try (Wire wire = Wire.upgrade(uri, "")) {
                    wire.socket.setSoTimeout(5000);
                    while (running) {
                        long sent = System.nanoTime();
                        wire.send("@PING");
                        Wire.Frame frame;
                        try {
                            do {
                                frame = wire.read();
                            } while (!(frame.opcode() == Wire.TEXT && frame.text().equals("@PONG")));
                            rtt.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                        } catch (java.net.SocketTimeoutException late) {
                            unanswered.incrementAndGet();
                        }
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    unanswered.incrementAndGet();
                }
            });
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }

        String summary() {
            return String.format(Locale.ROOT, "%.1f / %.1f / %.1f, %d", rtt.getValueAtPercentile(50) / 1000.0,
                    rtt.getValueAtPercentile(99) / 1000.0, rtt.getMaxValue() / 1000.0, unanswered.get());
        }
    }
}
