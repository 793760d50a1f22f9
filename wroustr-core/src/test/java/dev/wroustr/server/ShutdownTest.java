package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.CloseCodes;
import dev.wroustr.Params;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Graceful shutdown: every client gets 1001 and every DISCONNECTED runs before close() returns. */
@Timeout(30)
class ShutdownTest {
    private static final int CLIENTS = 100;

    @Test
    void aRequestWhoseHandshakeChecksEndDuringTheShutdownIsRefusedWith503() throws Exception {
        Set<String> connected = ConcurrentHashMap.newKeySet();
        Set<String> disconnected = ConcurrentHashMap.newKeySet();
        CountDownLatch slowStarted = new CountDownLatch(1);
        var server = new Server<Void>("127.0.0.1:0", null);
        server.handshakeCheck((request, state) -> {
            if (request.query("slow") != null) Thread.sleep(500); // a token lookup
            return HandshakeResult.accept();
        });
        server.route("CONNECTED", (params, dispatcher, state) -> connected.add(params.get("uuid")));
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params.get("uuid")));
        server.route("@SLOW", (params, dispatcher, state) -> {
            slowStarted.countDown();
            Thread.sleep(1500);
        });
        var running = server.start();
        try (TestClient first = TestClient.connect(running.uri()); RawWebSocket late = RawWebSocket.open(running.uri())) {
            first.send("@SLOW");
            assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
            late.writeRaw(RawWebSocket.upgradeRequest(running.uri()).replaceFirst("GET / ", "GET /?slow=1 "));
            Thread.sleep(100);
            // Waits for @SLOW's 1.5 s; the late request's check ends meanwhile.
            running.close();
            assertThat(disconnected).isEqualTo(connected).hasSize(1);
            assertThat(late.readHead()).startsWith("HTTP/1.1 503");
        }
    }

    @Test
    void closeSends1001ToEveryClientAndReturnsAfterEveryDisconnectedRan() throws Exception {
        Recorder<String> connected = new Recorder<>();
        Set<String> disconnectedUuids = ConcurrentHashMap.newKeySet();
        Set<String> disconnectCodes = ConcurrentHashMap.newKeySet();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("CONNECTED", (params, dispatcher, state) -> connected.add(params.get("uuid")));
        server.route("DISCONNECTED", (params, dispatcher, state) -> {
            Thread.sleep(20);  // a handler that takes a while: close() must wait for it
            disconnectCodes.add(params.get("code"));
            disconnectedUuids.add(params.get("uuid"));
        });
        List<TestClient> clients = new ArrayList<>();
        var running = server.start();
        try {
            for (int i = 0; i < CLIENTS; i++) clients.add(TestClient.connect(running.uri()));
            Set<String> uuids = new HashSet<>(connected.take(CLIENTS, 5));
            assertThat(running.connectionCount()).isEqualTo(CLIENTS);

            running.close();

            // close() has returned: every DISCONNECTED has run already.
            assertThat(disconnectedUuids).isEqualTo(uuids);
            assertThat(disconnectCodes).containsExactly("1001");
            for (TestClient client : clients) {
                assertThat(client.assertClosed(CloseCodes.GOING_AWAY)).isEqualTo("server shutting down");
            }
        } finally {
            clients.forEach(TestClient::close);
            running.close();
        }
    }

    // The handler cannot wait for its own connection's DISCONNECTED, which runs after it; inline,
    // it runs on the event loop that the shutdown has to stop. Either way close() starts the
    // shutdown and returns. With a shutdown timeout of five minutes, a close() that waited would
    // outlast the class's timeout.
    @ParameterizedTest(name = "inline handlers: {0}")
    @ValueSource(booleans = {false, true})
    void closeCalledFromAHandlerReturnsAtOnceAndTheShutdownCompletes(boolean inline) throws Exception {
        Recorder<String> events = new Recorder<>();
        AtomicReference<RunningServer> self = new AtomicReference<>();
        var server = new Server<Void>("127.0.0.1:0", null).inlineHandlers(inline).shutdownTimeout(Duration.ofMinutes(5));
        server.route("@STOP", (params, dispatcher, state) -> {
            self.get().close();
            events.add("close returned");
        });
        server.route("DISCONNECTED", (params, dispatcher, state) -> events.add("DISCONNECTED " + params.get("code")));
        var running = server.start();
        self.set(running);
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@STOP");

            assertThat(events.take()).isEqualTo("close returned");
            assertThat(events.take()).isEqualTo("DISCONNECTED 1001");
            assertThat(client.assertClosed(CloseCodes.GOING_AWAY)).isEqualTo("server shutting down");
            running.awaitClosed();
            assertThat(running.connectionCount()).isZero();
        }
    }

    @Test
    void aServerStartsOnceAndSaysSoWhenRunningAndWhenClosed() {
        var server = new Server<Void>("127.0.0.1:0", null);
        RunningServer running = server.start();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("this server is running already: a Server starts once");
        running.close();
        assertThat(running.isClosed()).isTrue();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("this server was closed: a Server starts once, build a new one to serve again");
    }
}
