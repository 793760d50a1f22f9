package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Params;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One connection's trouble (a throwing handler, a slow one, a bad frame) does not hold up another's. */
@Timeout(20)
class FaultIsolationTest {
    private final Recorder<Params> errors = new Recorder<>();
    private final Recorder<String> slowStarted = new Recorder<>();
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private RunningServer running;
    private Bystander bystander;

    @BeforeEach
    void start() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("ERROR", (params, dispatcher, state) -> errors.add(params));
        server.route("@BOOM", (params, dispatcher, state) -> {
            throw new IllegalStateException("boom");
        });
        server.route("@SLOW", (params, dispatcher, state) -> {
            slowStarted.add(dispatcher.uuid());
            assertThat(releaseSlow.await(10, TimeUnit.SECONDS)).isTrue();
            dispatcher.send("@SLOW-DONE");
        });
        Bystander.echoRoute(server);
        running = server.start();
        bystander = Bystander.connect(running.uri());
    }

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        bystander.close();
        running.close();
    }

    @Test
    void aStackOverflowInAHandlerIsItsErrorAndTheMessagesReadWithItStillRun() throws Exception {
        Recorder<String> handled = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("ERROR", (params, dispatcher, state) -> handled.add("ERROR " + params.get("route")));
        server.route("@DEEP", (params, dispatcher, state) -> {
            throw new StackOverflowError("too deep");
        });
        server.route("@N", (params, dispatcher, state) -> handled.add(params.get("n")));
        try (var deep = server.start(); RawWebSocket client = RawWebSocket.connect(deep.uri())) {
            // Three frames in one write, so the server reads them together.
            client.write(concat(textFrame("@DEEP"), textFrame("@N #n 1"), textFrame("@N #n 2")));
            assertThat(handled.take(3, 5)).containsExactly("ERROR @DEEP", "1", "2");
        }
    }

    @Test
    void aBusyExecutorsQueueHoldsEachWaitingTurnOnceNotACopyPerWatchdogLook() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder<String> pinged = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null).executor(pool);
        server.route("@BLOCK", (params, dispatcher, state) -> {
            blocking.countDown();
            release.await();
        });
        server.route("@PING", (params, dispatcher, state) -> pinged.add(dispatcher.uuid()));
        List<TestClient> clients = new ArrayList<>();
        try (var busy = server.start()) {
            for (int i = 0; i < 11; i++) clients.add(TestClient.connect(busy.uri()));
            clients.get(0).send("@BLOCK");
            assertThat(blocking.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < clients.size(); i++) clients.get(i).send("@PING");
            // The pool's one thread is held: the watchdog looks every 2 ms, 250 times in this wait.
            Thread.sleep(500);
            int queued = pool.getQueue().size();
            release.countDown();
            assertThat(pinged.take(10, 10)).hasSize(10);
            assertThat(queued).isLessThanOrEqualTo(10);
        } finally {
            release.countDown();
            clients.forEach(TestClient::close);
            pool.shutdownNow();
        }
    }

    private static byte[] textFrame(String text) {
        return RawWebSocket.frame(RawWebSocket.TEXT, true, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) all.writeBytes(part);
        return all.toByteArray();
    }

    @Test
    void throwingHandlerGoesToErrorAndBothConnectionsCarryOn() throws Exception {
        try (TestClient faulty = TestClient.connect(running.uri())) {
            faulty.send("@BOOM");
            Params error = errors.take();
            assertThat(error.get("route")).isEqualTo("@BOOM");
            bystander.assertCarriesOn();
            faulty.send("@ECHO #v after-boom");
            faulty.assertText("@ECHO #v after-boom");
        }
    }

    @Test
    void slowHandlerHoldsUpOnlyItsOwnConnection() throws Exception {
        try (TestClient slow = TestClient.connect(running.uri())) {
            slow.send("@SLOW").send("@ECHO #v queued-behind-slow");
            slowStarted.take();
            bystander.assertCarriesOn();
            slow.assertExhausted();  // its own next message waits, in order
            releaseSlow.countDown();
            slow.assertText("@SLOW-DONE");
            slow.assertText("@ECHO #v queued-behind-slow");
        }
    }

    @Test
    void badFrameClosesOnlyItsConnectionWith1002() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(running.uri())) {
            // A reserved bit set, with no extension to give it meaning: a protocol error.
            raw.write(new byte[] {(byte) 0xC1, (byte) 0x80, 1, 2, 3, 4});
            assertThat(raw.readClose().closeCode()).isEqualTo(1002);
        }
        bystander.assertCarriesOn();
    }

    /**
     * Connections that read in one turn of the event loop are drained one after another by one
     * thread: a handler that blocks among them must not hold up the others. Sent all at once on
     * one event loop, most of these land in shared turns, blockers first or between.
     */
    @Test
    void blockingHandlersDoNotHoldUpConnectionsThatReadInTheSameTurn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        var server = new Server<Void>("127.0.0.1:0", null).eventLoopThreads(1);
        server.route("@BLOCK", (params, dispatcher, state) -> {
            try {
                release.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Bystander.echoRoute(server);
        try (var shared = server.start()) {
            List<TestClient> blockers = new ArrayList<>();
            List<TestClient> echoes = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    blockers.add(TestClient.connect(shared.uri()));
                    echoes.add(TestClient.connect(shared.uri()));
                }
                for (int i = 0; i < 6; i++) {
                    blockers.get(i).send("@BLOCK");
                    echoes.get(i).send("@ECHO #v " + i);
                }
                for (int i = 0; i < 6; i++) {
                    // Well inside the blockers' 15 s: a reply here was not held up by them.
                    assertThat(echoes.get(i).take(5)).isEqualTo("@ECHO #v " + i);
                }
            } finally {
                release.countDown();
                blockers.forEach(TestClient::close);
                echoes.forEach(TestClient::close);
            }
        }
    }
}
