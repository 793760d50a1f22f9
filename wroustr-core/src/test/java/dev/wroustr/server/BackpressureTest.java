package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Inbound backpressure (a flood stops the reads, memory stays bounded) and outbound (a slow reader is closed with 1008). */
@Timeout(40)
class BackpressureTest {
    private static final int FLOOD = 200_000;
    private static final long MAX_HEAP_GROWTH = 256L * 1024 * 1024;

    @Test
    void floodIsHandledInOrderWithBoundedHeap() throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        Recorder<Integer> done = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null).maxQueuedMessages(1024);
        server.route("@F", (params, dispatcher, state) -> {
            int n = Integer.parseInt(params.require("n"));
            if (n != next.getAndIncrement()) outOfOrder.incrementAndGet();
            if (n % 1000 == 999) Thread.sleep(1);  // a handler slower than the network, now and then
            if (n == FLOOD - 1) done.add(next.get());
        });
        server.route("@ECHO", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@ECHO").param("v", params.require("v"))));
        String padding = "p".repeat(64);
        try (var running = server.start();
             TestClient bystander = TestClient.connect(running.uri());
             RawWebSocket flooder = RawWebSocket.connect(running.uri())) {
            long baseline = usedHeap();
            long peak = baseline;
            List<Long> samples = new ArrayList<>();
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int n = 0; n < FLOOD; n++) {
                String text = "@F #n " + n + " #pad " + padding;
                batch.write(RawWebSocket.frame(RawWebSocket.TEXT, true, text.getBytes(StandardCharsets.UTF_8)));
                if (n % 1000 == 999) {
                    flooder.write(batch.toByteArray());  // blocks while the server has stopped reading
                    batch.reset();
                }
                if (n % 25_000 == 24_999) {
                    long used = usedHeap();
                    samples.add((used - baseline) / 1024);
                    peak = Math.max(peak, used);
                    // The others are served during the flood.
                    bystander.send("@ECHO #v " + n);
                    bystander.assertText("@ECHO #v " + n);
                }
            }
            flooder.write(batch.toByteArray());
            assertThat(done.take(30)).isEqualTo(FLOOD);
            assertThat(outOfOrder.get()).isZero();
            System.out.printf("flood of %,d: baseline heap %,d KiB, growth samples (KiB) %s, peak growth %,d KiB%n",
                    FLOOD, baseline / 1024, samples, (peak - baseline) / 1024);
            assertThat(peak - baseline).isLessThan(MAX_HEAP_GROWTH);
            bystander.send("@ECHO #v after");
            bystander.assertText("@ECHO #v after");
        }
    }

    @Test
    void slowReaderIsClosedWith1008AndTheOthersGetEverything() throws Exception {
        int batches = 40;
        int perBatch = 50;  // 200 KiB a batch: under maxOutboundBytes for a peer that keeps up
        String payload = "x".repeat(4096);
        Recorder<Params> disconnected = new Recorder<>();
        Recorder<Integer> firstShortBroadcast = new Recorder<>();
        AtomicInteger shortBroadcasts = new AtomicInteger();
        // The broadcasts wait for the slow client (senders are paced by their readers) until it
        // has read nothing for the slowReaderTimeout.
        var server = new Server<Void>("127.0.0.1:0", null).maxOutboundBytes(256 * 1024).slowReaderTimeout(java.time.Duration.ofMillis(500));
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params));
        server.route("@BLAST", (params, dispatcher, state) -> {
            int batch = Integer.parseInt(params.require("batch"));
            for (int i = 0; i < perBatch; i++) {
                int sent = dispatcher.broadcast(Message.route("@B").param("i", batch * perBatch + i).param("v", payload));
                if (sent < 2 && shortBroadcasts.getAndIncrement() == 0) firstShortBroadcast.add(sent);
            }
        });
        try (var running = server.start();
             // A raw socket that reads nothing until told: what its kernel holds, then the end
             // of the stream, are what it reads then. (The JDK's client, here before, twice in CI
             // reported neither a close nor an error 30 s after the last message the kernel held.)
             RawWebSocket slow = RawWebSocket.connect(running.uri());
             TestClient normal = TestClient.connect(running.uri())) {
            // The normal client asks for the next batch once it has read the last: it keeps up.
            for (int batch = 0; batch < batches; batch++) {
                normal.send("@BLAST #batch " + batch);
                for (int i = 0; i < perBatch; i++) {
                    String text = normal.take();
                    String expected = "@B #i " + (batch * perBatch + i) + " #v ";
                    assertThat(text.startsWith(expected) && text.length() == expected.length() + payload.length())
                            .as("message %d of batch %d: %.40s...", i, batch, text).isTrue();
                }
            }
            // The server gave up on the slow client: broadcasts reach only the normal one.
            assertThat(firstShortBroadcast.take()).isEqualTo(1);
            // The server cut it (a close frame could not reach a client that reads nothing): once it
            // reads, it finds what the kernel held, then the end of the stream.
            Params gone = disconnected.take();
            assertThat(gone.get("code")).isEqualTo("1008");
            assertThat(gone.get("reason")).contains("reads too slowly");
            int texts = 0;
            try {
                for (RawWebSocket.Frame frame = slow.readFrame(); frame.opcode() != RawWebSocket.CLOSE; frame = slow.readFrame()) {
                    if (frame.opcode() == RawWebSocket.TEXT) texts++;
                }
            } catch (EOFException | SocketException end) {
                // The end of the stream (or a reset): the server closed the socket. A socket the
                // server left open would time out here instead, and fail the test.
            }
            assertThat(texts).isLessThan(batches * perBatch);
            normal.send("@BLAST #batch 0");
            assertThat(normal.take()).startsWith("@B #i 0 ");
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
