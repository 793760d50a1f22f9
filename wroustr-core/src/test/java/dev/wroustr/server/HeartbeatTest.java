package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.CloseCodes;
import dev.wroustr.Params;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server heartbeats: a peer that answers pings stays; one that falls silent is closed with 1001. */
@Timeout(20)
class HeartbeatTest {
    private final Recorder<Params> connected = new Recorder<>();
    private final Recorder<Params> disconnected = new Recorder<>();
    private RunningServer running;
    private Bystander bystander;

    @BeforeEach
    void start() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null)
                .pingInterval(Duration.ofMillis(100))
                .idleTimeout(Duration.ofMillis(400));
        server.route("CONNECTED", (params, dispatcher, state) -> connected.add(params));
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params));
        Bystander.echoRoute(server);
        running = server.start();
        bystander = Bystander.connect(running.uri());
        connected.take();
    }

    @AfterEach
    void stop() {
        bystander.close();
        running.close();
    }

    @Test
    void peerThatAnswersPingsStaysConnectedPastSeveralIdleTimeouts() throws Exception {
        // The JDK client answers every ping with a pong and sends nothing else.
        disconnected.assertExhausted(1500);
        bystander.assertCarriesOn();
    }

    @Test
    void timeTheServerSpendsNotReadingWhileItsHandlersCatchUpIsNotThePeersSilence() throws Exception {
        Recorder<String> handled = new Recorder<>();
        var slow = new Server<Void>("127.0.0.1:0", null)
                .pingInterval(Duration.ofMillis(100))
                .idleTimeout(Duration.ofMillis(400))
                .maxQueuedMessages(2);
        slow.route("@SLOW", (params, dispatcher, state) -> {
            Thread.sleep(150);
            handled.add(params.get("n"));
        });
        slow.route("DISCONNECTED", (params, dispatcher, state) -> handled.add("DISCONNECTED " + params.get("code")));
        try (var slowRunning = slow.start(); TestClient client = TestClient.connect(slowRunning.uri())) {
            // Ten at once: the server stops reading for their 1.5 s of handling, over three idle timeouts.
            for (int n = 0; n < 10; n++) client.send("@SLOW #n " + n);
            for (int n = 0; n < 10; n++) assertThat(handled.take()).isEqualTo(Integer.toString(n));
            handled.assertExhausted(600);
        }
    }

    @Test
    void silentPeerIsClosedWith1001AndDisconnectedRuns() throws Exception {
        try (RawWebSocket silent = RawWebSocket.connect(running.uri())) {
            String uuid = connected.take().get("uuid");
            // Neither reading nor writing: the server's pings go unanswered.
            Params gone = disconnected.take();
            assertThat(gone.get("uuid")).isEqualTo(uuid);
            assertThat(gone.get("code")).isEqualTo("1001");
            RawWebSocket.Frame close = silent.readClose();
            assertThat(close.closeCode()).isEqualTo(CloseCodes.GOING_AWAY);
            assertThat(close.text()).isEqualTo("idle timeout");
        }
        bystander.assertCarriesOn();
        disconnected.assertExhausted();
    }
}
