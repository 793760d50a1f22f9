package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ServerBasicsTest {
    @Test
    void timingsThatCouldNotWorkAreRefusedWhenSet() {
        var server = new Server<Void>("127.0.0.1:0", null);
        assertThatThrownBy(() -> server.idleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> server.handshakeTimeout(Duration.ofNanos(500_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshakeTimeout");
        server.idleTimeout(Duration.ofMillis(1)).handshakeTimeout(Duration.ofMillis(1)).pingInterval(Duration.ZERO);
    }

    @Test
    void routeRepliesAndEveryRouteGetsTheConnectionsUuid() throws Exception {
        Recorder<Params> connected = new Recorder<>();
        Recorder<Params> logins = new Recorder<>();
        var server = new Server<String>("127.0.0.1:0", "state");
        server.route("CONNECTED", (params, dispatcher, state) -> {
            connected.add(params);
            dispatcher.send("@CONNECTION-ESTABLISHED");
        });
        server.route("@LOGIN", (params, dispatcher, state) -> {
            logins.add(params);
            dispatcher.send(Message.route("@LOGIN-DONE").param("success", true).param("state", state));
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.assertText("@CONNECTION-ESTABLISHED");
            client.send("@LOGIN #user bob #uuid forged");
            client.assertText("@LOGIN-DONE #success true #state state");
            String uuid = connected.take().get("uuid");
            assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            Params login = logins.take();
            assertThat(login.get("user")).isEqualTo("bob");
            assertThat(login.get("uuid")).isEqualTo(uuid);
        }
    }

    @Test
    void closeTakesApplicationCodesAndRefusesReservedOnes() throws Exception {
        Recorder<String> errors = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("@BAD-CODE", (params, dispatcher, state) -> dispatcher.close(1001, "not ours to send"));
        server.route("@LONG-REASON", (params, dispatcher, state) -> dispatcher.close(4000, "x".repeat(124)));
        server.route("@BYE", (params, dispatcher, state) -> {
            dispatcher.send("@LAST");
            dispatcher.close(4001, "bye");
        });
        server.route("ERROR", (params, dispatcher, state) -> errors.add(params.get("error")));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@BAD-CODE");
            assertThat(errors.take()).contains("1000 or 3000..4999");
            client.send("@LONG-REASON");
            assertThat(errors.take()).contains("123 bytes");
            client.send("@BYE");
            client.assertText("@LAST");                    // what was sent before the close goes first
            assertThat(client.assertClosed(4001)).isEqualTo("bye");
        }
    }

    @Test
    void theCloseFrameGoesOutEvenWhenSendsFromAnotherThreadRaceTheClose() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null).maxOutboundBytes(64 * 1024 * 1024);
        server.route("@GO", (params, dispatcher, state) -> {
            AtomicInteger sent = new AtomicInteger();
            Thread sender = new Thread(() -> {
                // Until the close turns sends away; bounded, so a busy machine that delays the close
                // does not make the client read millions of frames before it.
                while (sent.get() < 20_000 && dispatcher.send("@X")) sent.incrementAndGet();
            });
            sender.start();
            while (sent.get() < 100) Thread.onSpinWait();
            dispatcher.close(4000, "done");
            sender.join();
        });
        try (var running = server.start()) {
            // A send that passed its check just before the close lands behind the close frame now and then.
            for (int i = 0; i < 20; i++) {
                try (RawWebSocket client = RawWebSocket.connect(running.uri())) {
                    client.sendText("@GO");
                    assertThat(client.readClose().closeCode()).as("round %d", i).isEqualTo(4000);
                }
            }
        }
    }

    /** The server frames its text itself: every length form of the header (7, 16 and 64 bits) must arrive whole. */
    @Test
    void repliesOfEveryFrameLengthArriveWhole() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("@BIG", (params, dispatcher, state) -> {
            // "é" is two bytes: the header counts bytes, not chars.
            String value = "é" + "x".repeat(params.getInt("bytes") - "@BIG #v ".length() - 2);
            Message reply = Message.route("@BIG").param("v", value);
            dispatcher.send(reply);
            dispatcher.send(reply.toText());
            dispatcher.broadcast(reply);
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            for (int bytes : new int[] {11, 125, 126, 127, 65_535, 65_536, 200_000}) {
                client.send("@BIG #bytes " + bytes);
                String expected = "@BIG #v é" + "x".repeat(bytes - "@BIG #v ".length() - 2);
                for (int copy = 0; copy < 3; copy++) {
                    String text = client.take();
                    assertThat(text.getBytes(StandardCharsets.UTF_8)).as("%d bytes", bytes).hasSize(bytes);
                    assertThat(text).isEqualTo(expected);
                }
            }
        }
    }
}
