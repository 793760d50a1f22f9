package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.FrameFuzzer;
import dev.wroustr.testing.FuzzCase;
import dev.wroustr.testing.FuzzClient;
import dev.wroustr.testing.ProtocolOracle;
import dev.wroustr.testing.RawWebSocket;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated frames over real sockets (see {@link FrameFuzzer}): every case gets the
 * answer RFC 6455 and PROTOCOL.md require, a bystander on each server is served between cases,
 * and the heap after a GC and the open descriptors come back to where they were.
 *
 * <p>A short seeded run by default. {@code bench/fuzz.sh} runs it long: {@code -Dfuzz.seconds=600
 * -Dfuzz.seed=N}. A failure names its case's seed; {@code -Dfuzz.case=SEED} runs that case alone.
 */
@Timeout(120)
class FrameFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261206L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 2_000);
    private static final long SECONDS = Long.getLong("fuzz.seconds", 0L);
    private static final Long ONE_CASE = Long.getLong("fuzz.case");
    private static final boolean TRACE = Boolean.getBoolean("fuzz.trace") || ONE_CASE != null;
    private static final int MAX_FAILURES = 20;
    /** What the heap may keep beyond its baseline: noise of a GC'd heap, far below one leak per case. */
    private static final long HEAP_SLACK_BYTES = 16L * 1024 * 1024;
    /** Descriptors the JVM may open meanwhile on its own (an attach listener, say); a leak is one per connection. */
    private static final int FD_SLACK = 4;

    private final FrameFuzzer fuzzer = new FrameFuzzer(ProtocolOracle.fromVectors());
    private final Map<String, FuzzClient> clients = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> kinds = new TreeMap<>();
    private long frames;
    private long bytes;

    private static Server<Void> server(boolean compression) {
        var server = new Server<Void>("127.0.0.1:0", null)
                .compression(compression)
                // One address opens every fuzz connection, a new one after each case that closes.
                .maxHandshakesPerSecondPerAddress(1_000_000);
        Bystander.echoRoute(server);
        return ProtocolOracle.routes(server);
    }

    @Test
    void everyCaseGetsItsAnswerOthersAreServedAndNothingLeaks() throws Exception {
        try (var plain = server(false).start();
             var compressed = server(true).start();
             var plainBystander = Bystander.connect(plain.uri());
             var compressedBystander = Bystander.connect(compressed.uri())) {
            if (ONE_CASE != null) {
                run(fuzzer.generate(ONE_CASE), 0, plain, compressed, plainBystander, compressedBystander);
                assertThat(failures).isEmpty();
                return;
            }
            SplittableRandom seeds = new SplittableRandom(SEED);
            int warmup = 200;
            int index = 0;
            for (; index < warmup; index++) run(fuzzer.generate(seeds.nextLong()), index, plain, compressed, plainBystander, compressedBystander);
            Resources baseline = settle(plain, compressed);
            long start = System.nanoTime();
            long end = start + SECONDS * 1_000_000_000L;
            // A long run also measures each minute: a leak grows with the cases, a warming heap levels off.
            List<String> minutes = new ArrayList<>();
            long nextLook = start + 60_000_000_000L;
            while (failures.size() < MAX_FAILURES && (SECONDS > 0 ? System.nanoTime() < end : index < CASES)) {
                run(fuzzer.generate(seeds.nextLong()), index++, plain, compressed, plainBystander, compressedBystander);
                if (SECONDS > 0 && System.nanoTime() > nextLook) {
                    Resources now = settle(plain, compressed);
                    minutes.add(String.format("%d cases: %.1f MiB, %d fds", index, now.heap / 1048576.0, now.fds));
                    nextLook += 60_000_000_000L;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            plainBystander.assertCarriesOn();
            compressedBystander.assertCarriesOn();
            Resources after = settle(plain, compressed);
            System.out.printf("frame fuzz: seed %d, %d cases (%d after warm-up in %.1f s), %d frames, %d bytes, %d failures;"
                            + " live heap %.1f -> %.1f MiB, descriptors %d -> %d; cases by kind %s%n",
                    SEED, index, index - warmup, seconds, frames, bytes, failures.size(),
                    baseline.heap / 1048576.0, after.heap / 1048576.0, baseline.fds, after.fds, kinds);
            if (!minutes.isEmpty()) System.out.println("frame fuzz, each minute: " + minutes);
            assertThat(failures).as("failed cases").isEmpty();
            assertThat(after.heap).as("live heap after the cases").isLessThan(baseline.heap + HEAP_SLACK_BYTES);
            assertThat(after.fds).as("open descriptors after the cases").isLessThanOrEqualTo(baseline.fds + FD_SLACK);
        } finally {
            for (FuzzClient client : clients.values()) client.close();
        }
    }

    private void run(FuzzCase fuzz, int index, RunningServer plain, RunningServer compressed,
                     Bystander plainBystander, Bystander compressedBystander) throws Exception {
        long started = System.nanoTime();
        if (TRACE) System.out.println("case " + fuzz.describe() + ", expects " + fuzz.expected());
        kinds.merge(fuzz.kind(), 1, Integer::sum);
        frames += fuzz.frames();
        String key = (fuzz.compressionServer() ? "compressed" : "plain") + (fuzz.deflate() ? "+deflate" : "");
        URI uri = (fuzz.compressionServer() ? compressed : plain).uri();
        try {
            FuzzClient client = clients.get(key);
            if (client == null) {
                client = FuzzClient.connect(uri, fuzz.deflate());
                clients.put(key, client);
            }
            String wrong = answer(client, fuzz, index);
            if (wrong != null) {
                failures.add("case #" + index + ", " + fuzz.describe() + ": " + wrong + "; alone: -Dfuzz.case=" + fuzz.seed());
                System.out.println("FAILED " + failures.get(failures.size() - 1));
                clients.remove(key).close();
            } else if (fuzz.closes()) {
                clients.remove(key).close();
            }
        } catch (IOException e) {
            failures.add("case #" + index + ", " + fuzz.describe() + ": " + e + "; alone: -Dfuzz.case=" + fuzz.seed());
            FuzzClient broken = clients.remove(key);
            if (broken != null) broken.close();
        }
        // Whatever that case did, the others are served.
        (fuzz.compressionServer() ? compressedBystander : plainBystander).roundTrip("after-" + index);
        if (TRACE) System.out.printf("case took %.1f ms%n", (System.nanoTime() - started) / 1e6);
    }

    /** Sends the case and reads the answer: null if it is the one required, else what went wrong. */
    private String answer(FuzzClient client, FuzzCase fuzz, int index) throws IOException {
        try {
            for (byte[] write : fuzz.writes()) {
                client.write(write);
                bytes += write.length;
            }
        } catch (IOException e) {
            // The server may cut a connection that broke the protocol before it has read all of it.
            if (!fuzz.closes()) throw e;
        }
        var pongs = new ArrayDeque<FuzzCase.Pong>();
        var texts = new ArrayDeque<FuzzCase.Text>();
        FuzzCase.Close close = null;
        for (FuzzCase.Expected expected : fuzz.expected()) {
            if (expected instanceof FuzzCase.Pong pong) pongs.add(pong);
            if (expected instanceof FuzzCase.Text text) texts.add(text);
            if (expected instanceof FuzzCase.Close c) close = c;
        }
        // Pongs come from the network thread as the pings arrive, texts from the handlers: each in order, not interleaved in a known order.
        while (!pongs.isEmpty() || !texts.isEmpty() || close != null) {
            String waiting = "expected " + (pongs.isEmpty() ? "" : pongs.peek() + ", ") + (texts.isEmpty() ? "" : texts.peek() + ", ")
                    + (close == null ? "" : close);
            RawWebSocket.Frame frame;
            try {
                frame = readSkippingPings(client);
            } catch (IOException e) {
                return waiting + "; got " + e;
            }
            String got = describe(frame);
            if (TRACE) System.out.println("read " + got);
            if (frame.opcode() == 0xA && !pongs.isEmpty() && Arrays.equals(frame.payload(), pongs.peek().payload())) {
                pongs.poll();
            } else if (frame.opcode() == 0x1 && frame.fin() && !texts.isEmpty() && texts.peek().text().equals(text(frame))) {
                texts.poll();
            } else if (frame.opcode() == 0x8 && close != null && pongs.isEmpty() && texts.isEmpty() && closeCode(frame) == close.code()) {
                close = null;
                if (TRACE) {
                    try {
                        while (true) System.out.println("after close: " + describe(client.readFrame()));
                    } catch (IOException e) {
                        System.out.println("after close: " + e);
                    }
                }
                if (!client.awaitEnd()) return "the server kept the connection open after its close frame";
            } else {
                return waiting + "; got " + got;
            }
        }
        if (fuzz.closes()) return null;
        // Still open, and nothing else came: the next message is answered first.
        String probe = "@ECHO #v fuzz-" + index;
        client.write(frame(probe));
        RawWebSocket.Frame frame;
        try {
            frame = readSkippingPings(client);
        } catch (IOException e) {
            return "expected the connection open (" + probe + " echoed); got " + e;
        }
        return frame.opcode() == 0x1 && probe.equals(text(frame)) ? null : "expected " + probe + " echoed; got " + describe(frame);
    }

    private static RawWebSocket.Frame readSkippingPings(FuzzClient client) throws IOException {
        RawWebSocket.Frame frame;
        do {
            frame = client.readFrame();
        } while (frame.opcode() == 0x9);  // the server's heartbeat, if a case took that long
        return frame;
    }

    private static String text(RawWebSocket.Frame frame) {
        return new String(frame.payload(), StandardCharsets.UTF_8);
    }

    private static int closeCode(RawWebSocket.Frame frame) {
        byte[] p = frame.payload();
        return p.length >= 2 ? ((p[0] & 0xFF) << 8) | (p[1] & 0xFF) : -1;
    }

    private static String describe(RawWebSocket.Frame frame) {
        return switch (frame.opcode()) {
            case 0x1 -> "text \"" + text(frame) + "\"" + (frame.fin() ? "" : " (not final)");
            case 0x8 -> "close " + closeCode(frame) + (frame.payload().length > 2 ? " \"" + new String(frame.payload(), 2, frame.payload().length - 2, StandardCharsets.UTF_8) + "\"" : "");
            case 0xA -> "pong of " + frame.payload().length + " bytes";
            default -> "opcode " + frame.opcode() + " of " + frame.payload().length + " bytes";
        };
    }

    private static byte[] frame(String text) {
        return RawWebSocket.frame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
    }

    private record Resources(long heap, int fds) {}

    /** Closes the fuzz connections, waits for the servers to see them go, then measures after a GC. */
    private Resources settle(RunningServer plain, RunningServer compressed) throws Exception {
        for (FuzzClient client : clients.values()) client.close();
        clients.clear();
        while (plain.connectionCount() > 1 || compressed.connectionCount() > 1) Thread.onSpinWait();
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        String[] fds = new File("/proc/self/fd").list();
        return new Resources(heap, fds == null ? -1 : fds.length);
    }
}
