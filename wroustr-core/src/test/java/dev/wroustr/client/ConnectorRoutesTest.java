package dev.wroustr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.server.Server;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's named routes (PROTOCOL.md section 4: no uuid on the client) and its send queue. */
@Timeout(10)
class ConnectorRoutesTest {
    @Test
    void clientRaisesInvalidUnknownErrorAndDisconnectedWithoutUuid() throws Exception {
        Recorder<String> events = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("@GO", (params, dispatcher, state) -> {
            dispatcher.send("@A #k 'abc");        // invalid: unterminated quote
            dispatcher.send("@NOBODY #x 1");      // no such route on the client
            dispatcher.send("@THROW");            // the client's handler throws
            dispatcher.send("@OK");               // and the connection carried on
            dispatcher.close(4000, "bye");
        });
        try (var running = server.start();
             var connector = new Connector<Void>(running.uri().toString(), null).reconnect(Reconnect.never())) {
            connector.route("INVALID", (p, d, s) -> events.add("INVALID " + p));
            connector.route("UNKNOWN", (p, d, s) -> events.add("UNKNOWN " + p));
            connector.route("ERROR", (p, d, s) -> events.add("ERROR " + p));
            connector.route("DISCONNECTED", (p, d, s) -> events.add("DISCONNECTED " + p));
            connector.route("@THROW", (p, d, s) -> { throw new IllegalStateException("boom"); });
            connector.route("@OK", (p, d, s) -> events.add("@OK"));
            connector.connect().get();
            connector.send("@GO");
            assertThat(events.take()).isEqualTo("INVALID {error=unterminated-quote, offset=10, raw=@A #k 'abc}");
            assertThat(events.take()).isEqualTo("UNKNOWN {x=1, route=@NOBODY}");
            assertThat(events.take()).isEqualTo("ERROR {route=@THROW, error=boom}");
            assertThat(events.take()).isEqualTo("@OK");
            assertThat(events.take()).isEqualTo("DISCONNECTED {code=4000, reason=bye}");
        }
    }

    @Test
    void invalidUtf8FromTheServerClosesWith1007AndTheReplacementCharPasses() throws Exception {
        Recorder<String> events = new Recorder<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var connector = new Connector<Void>("ws://127.0.0.1:" + server.getLocalPort() + "/", null).reconnect(Reconnect.never())) {
            connector.route("@A", (p, d, s) -> events.add("@A " + p));
            connector.route("DISCONNECTED", (p, d, s) -> events.add("DISCONNECTED " + p));
            var connected = connector.connect();
            try (RawWebSocket raw = RawWebSocket.accept(server)) {
                connected.get();
                raw.sendText("@A #v '\uFFFD \u00E9'");
                assertThat(events.take()).isEqualTo("@A {v=\uFFFD \u00E9}");
                raw.sendFrame(RawWebSocket.TEXT, true, new byte[] {'@', 'A', ' ', '#', 'v', ' ', (byte) 0xC3, (byte) 0x28});
                assertThat(raw.readClose().closeCode()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
                assertThat(events.take()).isEqualTo("DISCONNECTED {code=1007, reason=bytes are not UTF-8}");
            }
        }
    }

    @Test
    void sendsWhileDisconnectedQueueUpToTheBoundThenFail() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (var connector = new Connector<Void>("ws://127.0.0.1:" + deadPort + "/", null)
                .maxQueuedMessages(3)
                .reconnect(Reconnect.backoff(Duration.ofMillis(50), Duration.ofMillis(100)))) {
            connector.connect();
            assertThat(connector.send("@A")).isTrue();
            assertThat(connector.send("@B")).isTrue();
            assertThat(connector.send("@C")).isTrue();
            assertThat(connector.send("@D")).as("past the bound").isFalse();
            assertThat(connector.awaitConnected(Duration.ofMillis(200))).isFalse();
            assertThat(connector.isConnected()).isFalse();
        }
    }

    @Test
    void connectFailsWhenReconnectionIsOffAndTheServerIsAbsent() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (var connector = new Connector<Void>("ws://127.0.0.1:" + deadPort + "/", null).reconnect(Reconnect.never())) {
            assertThatThrownBy(() -> connector.connect().get()).isInstanceOf(ExecutionException.class);
            assertThat(connector.send("@A")).as("a connector that gave up takes no sends").isFalse();
        }
    }

    @Test
    void closeSendsWhatWasQueuedBeforeItThen1000() throws Exception {
        Recorder<Params> server = new Recorder<>();
        var s = new Server<Void>("127.0.0.1:0", null)
                .route("@M", (p, d, st) -> server.add(p))
                .route("DISCONNECTED", (p, d, st) -> server.add(p));
        try (var running = s.start()) {
            var connector = new Connector<Void>(running.uri().toString(), null);
            connector.connect().get();
            for (int i = 0; i < 100; i++) connector.send("@M #n " + i);
            connector.close();
            for (int i = 0; i < 100; i++) assertThat(server.take().get("n")).isEqualTo(Integer.toString(i));
            assertThat(server.take().get("code")).isEqualTo("1000");
        }
    }

    @Test
    void badUrlsAreRejectedNamingTheUrl() {
        assertThatThrownBy(() -> new Connector<Void>("http://localhost:9000", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
        assertThatThrownBy(() -> new Connector<Void>("ws://", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFloodFromTheServerIsHandledInOrderThroughTheClientsBoundedQueue() throws Exception {
        int count = 20_000;
        var server = new Server<Void>("127.0.0.1:0", null).maxOutboundBytes(16 * 1024 * 1024);
        server.route("@FLOOD", (params, dispatcher, state) -> {
            for (int i = 0; i < count; i++) dispatcher.send(Message.route("@N").param("n", i));
        });
        Recorder<Integer> done = new Recorder<>();
        int[] next = {0};
        try (var running = server.start();
             var connector = new Connector<Void>(running.uri().toString(), null).maxQueuedMessages(16)) {
            connector.route("@N", (params, dispatcher, state) -> {
                int n = params.getInt("n");
                if (n != next[0]) done.add(-n);                // out of order: report it
                next[0] = n + 1;
                if (n % 1000 == 0) Thread.sleep(2);           // slower than the socket: the queue fills
                if (n == count - 1) done.add(n);
            });
            connector.connect().get();
            connector.send("@FLOOD");
            assertThat(done.take(8)).isEqualTo(count - 1);
        }
    }
}
