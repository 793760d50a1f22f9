package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.NettyWebSocketClient;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What one client does to the server must not reach the others: issue "hostile clients", items 2 to 5 and 9. */
@Timeout(60)
class HostileClientTest {

    /** A listener that reads every frame on a thread of its own and counts the texts. */
    private static final class Listener implements AutoCloseable {
        final RawWebSocket socket;
        final AtomicInteger texts = new AtomicInteger();
        final AtomicBoolean closeSeen = new AtomicBoolean();
        final Thread reader;

        Listener(RawWebSocket socket) {
            this.socket = socket;
            this.reader = new Thread(() -> {
                try {
                    while (true) {
                        RawWebSocket.Frame frame = socket.readFrame();
                        if (frame.opcode() == RawWebSocket.TEXT) texts.incrementAndGet();
                        if (frame.opcode() == RawWebSocket.CLOSE) {
                            closeSeen.set(true);
                            return;
                        }
                    }
                } catch (IOException e) {
                    closeSeen.set(true);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        boolean closed() {
            return closeSeen.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void oneClientsBroadcastsOutpacingTheFanOutSlowItDownAndCloseNoReader() throws Exception {
        int listeners = 60;
        int says = 3_000;
        AtomicInteger slowClosed = new AtomicInteger();
        var server = new Server<Void>("127.0.0.1:0", null)
                .maxOutboundBytes(64 * 1024)
                .maxFanOutBacklog(2_000)
                .metrics(new ServerMetrics() {
                    @Override
                    public void slowConsumerClosed() {
                        slowClosed.incrementAndGet();
                    }
                });
        Bystander.echoRoute(server);
        server.route("@JOIN", (params, dispatcher, state) -> {
            dispatcher.join("chat");
            dispatcher.send("@JOINED");
        });
        server.route("@SAY", (params, dispatcher, state) ->
                dispatcher.toRoom("chat").send(Message.route("@SAID").param("text", params.require("text"))));
        List<Listener> all = new ArrayList<>();
        try (var running = server.start();
             RawWebSocket flooder = RawWebSocket.connect(running.uri());
             Bystander bystander = Bystander.connect(running.uri())) {
            for (int i = 0; i < listeners; i++) all.add(new Listener(joined(RawWebSocket.connect(running.uri()))));
            // The flooder is in the room too, and reads what it gets.
            Listener flooderReads = new Listener(joined(flooder));
            String text = "x".repeat(1024);
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int n = 0; n < says; n++) {
                batch.write(RawWebSocket.frame(RawWebSocket.TEXT, true, ("@SAY #text " + text).getBytes(StandardCharsets.UTF_8)));
                if (n % 100 == 99) {
                    flooder.write(batch.toByteArray());
                    batch.reset();
                }
            }
            bystander.assertCarriesOn();
            // Every listener (the flooder among the recipients) gets every broadcast, and none is closed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            for (Listener listener : all) {
                while (listener.texts.get() < says && System.nanoTime() < deadline && !listener.closed()) Thread.sleep(10);
            }
            assertThat(slowClosed.get()).as("readers closed as slow").isZero();
            for (Listener listener : all) {
                assertThat(listener.closed()).as("a listener was closed").isFalse();
                assertThat(listener.texts.get()).isEqualTo(says);
            }
            assertThat(flooderReads.texts.get()).isLessThanOrEqualTo(says);
            bystander.assertCarriesOn();
        } finally {
            for (Listener listener : all) listener.close();
        }
    }

    private static RawWebSocket joined(RawWebSocket socket) throws IOException {
        socket.sendText("@JOIN");
        RawWebSocket.Frame frame;
        do {
            frame = socket.readFrame();
        } while (frame.opcode() != RawWebSocket.TEXT || !frame.text().equals("@JOINED"));
        return socket;
    }

    @Test
    void withCompressionAClientThatReadsItsRepliesIsNeverASlowReader() throws Exception {
        // Two replies' worth of inflated bytes: a bound that counted them would close the client at once.
        var server = new Server<Void>("127.0.0.1:0", null).compression(true).maxMessageBytes(70_000).maxOutboundBytes(128 * 1024);
        Bystander.echoRoute(server);
        Recorder<Params> disconnected = new Recorder<>();
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params));
        String big = "a".repeat(65_000);
        try (var running = server.start(); var client = NettyWebSocketClient.connect(running.uri(), true)) {
            // 50 requests in flight, each reply 65,000 bytes inflated and a few hundred on the wire.
            for (int i = 0; i < 50; i++) client.send("@ECHO #v " + i + big);
            for (int i = 0; i < 50; i++) assertThat(client.take()).isEqualTo("@ECHO #v " + i + big);
            disconnected.assertExhausted(200);
        }
    }

    @Test
    void aMessageTrickledAByteAtATimeIsCutAtTheMessageTimeout() throws Exception {
        AtomicInteger timedOut = new AtomicInteger();
        var server = new Server<Void>("127.0.0.1:0", null).messageTimeout(Duration.ofMillis(500)).metrics(new ServerMetrics() {
            @Override
            public void messageTimedOut() {
                timedOut.incrementAndGet();
            }
        });
        Bystander.echoRoute(server);
        try (var running = server.start(); Bystander bystander = Bystander.connect(running.uri())) {
            // Half a frame, then a byte now and then: each byte would reset the idle timeout.
            try (RawWebSocket trickler = RawWebSocket.connect(running.uri())) {
                byte[] frame = RawWebSocket.frame(RawWebSocket.TEXT, true, ("@ECHO #v " + "y".repeat(2000)).getBytes(StandardCharsets.UTF_8));
                trickler.write(java.util.Arrays.copyOf(frame, 1000));
                try {
                    for (int i = 0; i < 5; i++) {
                        Thread.sleep(200);
                        trickler.write(new byte[] {frame[1000 + i]});
                    }
                } catch (IOException cut) {
                    // Closed at the timeout, before the last bytes.
                }
                RawWebSocket.Frame close = trickler.readClose();
                assertThat(close.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
                assertThat(close.text()).contains("message not finished within 500 ms");
            }
            // A fragmented message left open, with pings between its fragments, the same.
            try (RawWebSocket fragments = RawWebSocket.connect(running.uri())) {
                fragments.sendFrame(RawWebSocket.TEXT, false, "@ECHO #v par".getBytes(StandardCharsets.UTF_8));
                try {
                    for (int i = 0; i < 6; i++) {
                        Thread.sleep(150);
                        fragments.sendFrame(RawWebSocket.PING, true, new byte[0]);
                    }
                } catch (IOException cut) {
                    // Closed at the timeout.
                }
                assertThat(fragments.readClose().closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            }
            // Whole messages, however far apart and however many pings between, are never cut.
            try (RawWebSocket patient = RawWebSocket.connect(running.uri())) {
                for (int i = 0; i < 4; i++) {
                    patient.sendFrame(RawWebSocket.PING, true, new byte[0]);
                    patient.sendText("@ECHO #v " + i);
                    Thread.sleep(250);
                }
                patient.sendFrame(RawWebSocket.TEXT, false, "@ECHO #v wh".getBytes(StandardCharsets.UTF_8));
                patient.sendFrame(0x0, true, "ole".getBytes(StandardCharsets.UTF_8));
                Thread.sleep(700);
                patient.sendText("@ECHO #v last");
                List<String> texts = new ArrayList<>();
                while (texts.size() < 6) {
                    RawWebSocket.Frame frame = patient.readFrame();
                    assertThat(frame.opcode()).isNotEqualTo(RawWebSocket.CLOSE);
                    if (frame.opcode() == RawWebSocket.TEXT) texts.add(frame.text());
                }
                assertThat(texts).containsExactly("@ECHO #v 0", "@ECHO #v 1", "@ECHO #v 2", "@ECHO #v 3", "@ECHO #v whole", "@ECHO #v last");
            }
            bystander.assertCarriesOn();
            assertThat(timedOut.get()).isEqualTo(2);
        }
    }

    @Test
    void aClientThatNeverReadsIsCutAndNotReadOnceTheCloseIsDecided() throws Exception {
        AtomicBoolean decided = new AtomicBoolean();
        AtomicInteger handledAfter = new AtomicInteger();
        Recorder<Params> disconnected = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null)
                .maxOutboundBytes(256 * 1024)
                .slowReaderTimeout(Duration.ofSeconds(1))
                .metrics(new ServerMetrics() {
                    @Override
                    public void slowConsumerClosed() {
                        decided.set(true);
                    }
                });
        server.route("@ECHO", (params, dispatcher, state) -> {
            if (decided.get()) handledAfter.incrementAndGet();
            dispatcher.send(Message.route("@ECHO").param("v", params.require("v")));
        });
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params));
        try (var running = server.start(); RawWebSocket sink = RawWebSocket.connect(running.uri())) {
            byte[] batch;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < 100; i++) out.write(RawWebSocket.frame(RawWebSocket.TEXT, true, ("@ECHO #v " + "z".repeat(1000)).getBytes(StandardCharsets.UTF_8)));
            batch = out.toByteArray();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            try {
                while (System.nanoTime() < deadline) sink.write(batch);
            } catch (IOException cut) {
                // The server cut the connection: the writes fail.
            }
            Params gone = disconnected.take(10);
            assertThat(gone.get("code")).isEqualTo("1008");
            assertThat(gone.get("reason")).contains("reads too slowly");
            // Once the close was decided, at most what one read had already queued was handled.
            assertThat(handledAfter.get()).isLessThan(2_000);
        }
    }

    @Test
    void queuedBytesNotOnlyMessagesStopTheReads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        Recorder<Integer> pausedAt = new Recorder<>();
        AtomicInteger received = new AtomicInteger();
        var server = new Server<Void>("127.0.0.1:0", null)
                .maxQueuedBytes(256 * 1024)
                .metrics(new ServerMetrics() {
                    @Override
                    public void backpressurePaused() {
                        pausedAt.add(received.get());
                    }
                });
        server.interceptIncoming((text, uuid, state) -> {
            received.incrementAndGet();
            return dev.wroustr.Interceptor.pass(text);
        });
        server.route("@BIG", (params, dispatcher, state) -> {
            release.await();
            handled.incrementAndGet();
        });
        try (var running = server.start(); RawWebSocket client = RawWebSocket.connect(running.uri())) {
            byte[] frame = RawWebSocket.frame(RawWebSocket.TEXT, true, ("@BIG #v " + "b".repeat(60_000)).getBytes(StandardCharsets.UTF_8));
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) client.write(frame);
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            writer.setDaemon(true);
            writer.start();
            // Paused at about 256 KiB of messages waiting, far below maxQueuedMessages (1,024).
            assertThat(pausedAt.take(10)).isLessThan(20);
            release.countDown();
            writer.join(20_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (handled.get() < 200 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(handled.get()).isEqualTo(200);
        }
    }
}
