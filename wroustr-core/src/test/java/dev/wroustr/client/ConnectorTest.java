package dev.wroustr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.server.Server;
import dev.wroustr.testing.Recorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(15)
class ConnectorTest {
    @Test
    void aConnectTimeoutUnderAMillisecondIsRefusedWhenSet() {
        var connector = new Connector<Void>("ws://127.0.0.1:1/", null);
        assertThatThrownBy(() -> connector.connectTimeout(Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        connector.connectTimeout(Duration.ofMillis(1));
    }

    @Test
    void clientAndServerTalkBothWays() throws Exception {
        Recorder<String> client = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        Recorder<String> serverUuids = new Recorder<>();
        server.route("CONNECTED", (params, dispatcher, state) -> {
            serverUuids.add(params.require("uuid"));
            dispatcher.send("@PING");
        });
        server.route("@PONG", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@ECHO").param("text", params.require("text"))));
        try (var running = server.start();
             var connector = new Connector<Void>(running.uri().toString(), null)) {
            connector.route("CONNECTED", (params, dispatcher, state) -> client.add("CONNECTED " + params));
            connector.route("@PING", (params, dispatcher, state) ->
                    dispatcher.send(Message.route("@PONG").param("text", "hi there")));
            connector.route("@ECHO", (params, dispatcher, state) -> client.add("@ECHO " + params.get("text")));
            connector.connect().get();
            // The server's welcome told the client its uuid before CONNECTED ran.
            String uuid = serverUuids.take();
            assertThat(client.take()).isEqualTo("CONNECTED {uuid=" + uuid + "}");
            assertThat(connector.uuid()).isEqualTo(uuid);
            assertThat(client.take()).isEqualTo("@ECHO hi there");
        }
    }

    @Test
    void outlivesAServerRestartAndSendsWhatItQueuedInOrder() throws Exception {
        Recorder<String> server1 = new Recorder<>();
        Recorder<Params> disconnects = new Recorder<>();
        var first = new Server<Void>("127.0.0.1:0", null).route("@M", (p, d, s) -> server1.add(p.get("n")));
        var running = first.start();
        int port = running.port();
        try (var connector = new Connector<Void>("ws://127.0.0.1:" + port + "/", null)
                .reconnect(Reconnect.backoff(Duration.ofMillis(50), Duration.ofMillis(200)))
                .route("DISCONNECTED", (p, d, s) -> disconnects.add(p))) {
            connector.connect().get();
            connector.send(Message.route("@M").param("n", 0));
            assertThat(server1.take()).isEqualTo("0");
            running.close();
            assertThat(disconnects.take().get("code")).isEqualTo("1001");
            for (int i = 1; i <= 5; i++) assertThat(connector.send(Message.route("@M").param("n", i))).isTrue();
            Recorder<String> server2 = new Recorder<>();
            var second = new Server<Void>("127.0.0.1:" + port, null).route("@M", (p, d, s) -> server2.add(p.get("n")));
            try (var again = second.start()) {
                assertThat(server2.take(5, 5)).containsExactly("1", "2", "3", "4", "5");
            }
        }
    }
}
