package dev.wroustr.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.server.HandshakeResult;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.server.ServerMetrics;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every meter after real traffic over real sockets. Counts are read once the connection's
 * {@code DISCONNECTED} route has run: it runs after every handler of that connection, and so
 * after what they counted.
 */
@Timeout(30)
class WroustrMetricsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Recorder<Params> disconnected = new Recorder<>();
    private final CountDownLatch paused = new CountDownLatch(1);
    private RunningServer running;

    @BeforeEach
    void start() {
        var server = new Server<Void>("127.0.0.1:0", null)
                .maxQueuedMessages(2)
                .maxOutboundBytes(64 * 1024)
                .rateLimit("@SAY", 1, Duration.ofHours(1));
        server.route("@ECHO", (params, dispatcher, state) -> dispatcher.send(Message.route("@ECHO").param("v", params.require("v"))));
        server.route("@SAY", (params, dispatcher, state) -> dispatcher.send("@SAID"));
        server.route("@FAIL", (params, dispatcher, state) -> {
            throw new IllegalStateException("failing on purpose");
        });
        server.route("@ALL", (params, dispatcher, state) -> dispatcher.broadcast(Message.route("@EVERYONE")));
        server.route("@JOIN", (params, dispatcher, state) -> {
            dispatcher.join("lobby");
            dispatcher.send("@JOINED");
        });
        server.route("@LOBBY", (params, dispatcher, state) -> dispatcher.toRoom("lobby").send(Message.route("@IN-LOBBY")));
        server.route("@ASK", (params, dispatcher, state) -> dispatcher.reply(Message.route("@ANSWER")));
        server.route("@MANY", (params, dispatcher, state) -> {
            for (int n = 0; n < 100; n++) dispatcher.send(Message.route("@R" + n));
        });
        // Blocks until the server has stopped reading this connection: its queue filled behind it.
        server.route("@BLOCK", (params, dispatcher, state) -> {
            if (params.require("n").equals("1")) assertThat(paused.await(5, TimeUnit.SECONDS)).isTrue();
            dispatcher.send(Message.route("@BLOCKED").param("n", params.require("n")));
        });
        server.route("@FLOOD", (params, dispatcher, state) -> {
            String big = "x".repeat(10_000);
            for (int n = 0; n < 100_000 && dispatcher.send(Message.route("@BIG").param("v", big)); n++) {
                // until the server gives up on this reader
            }
        });
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params));
        server.handshakeCheck((request, state) ->
                request.header("X-Reject") != null ? HandshakeResult.reject(403) : HandshakeResult.accept());
        WroustrMetrics metrics = WroustrMetrics.bind(server, registry);
        server.metrics(new PauseWatch(metrics, paused));
        running = server.start();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void everyMeterMovesWithRealTraffic() throws Exception {
        URI uri = running.uri();
        try (TestClient a = TestClient.connect(uri);
             TestClient b = TestClient.connect(uri)) {
            // The server counts a connection once its upgrade is done, which the client may see first.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (registry.get("wroustr.connections.open").gauge().value() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(registry.get("wroustr.connections.open").gauge().value()).isEqualTo(2);
            assertThat(count("wroustr.connections.opened")).isEqualTo(2);

            a.send("@ECHO #v 1").send("@ECHO #v 2").send("@ECHO #v 3");
            for (int n = 1; n <= 3; n++) a.assertText("@ECHO #v " + n);
            a.send("@NOPE #x 1").send("not a message").send("@FAIL");
            a.send("@SAY").send("@SAY");  // the second is over the limit, and dropped
            a.assertText("@SAID");
            a.send("@ALL");
            a.assertText("@EVERYONE");
            b.assertText("@EVERYONE");
            for (TestClient member : List.of(a, b)) {
                member.send("@JOIN");
                member.assertText("@JOINED");
            }
            a.send("@LOBBY");
            a.assertText("@IN-LOBBY");
            b.assertText("@IN-LOBBY");
            a.send("@ASK #$id 7");
            a.assertText("@ANSWER #$re 7");
            for (int n = 1; n <= 4; n++) a.send("@BLOCK #n " + n);
            for (int n = 1; n <= 4; n++) a.assertText("@BLOCKED #n " + n);

            a.socket().sendClose(CloseCodes.NORMAL, "").get(5, TimeUnit.SECONDS);
            assertThat(disconnected.take().get("code")).isEqualTo("1000");

            assertThat(count("wroustr.messages.in", "route", "@ECHO")).isEqualTo(3);
            assertThat(registry.get("wroustr.handler.time").tag("route", "@ECHO").timer().count()).isEqualTo(3);
            assertThat(count("wroustr.messages.out", "route", "@ECHO")).isEqualTo(3);
            assertThat(count("wroustr.messages.in", "route", "@SAY")).isEqualTo(1);
            assertThat(count("wroustr.messages.limited", "route", "@SAY")).isEqualTo(1);
            assertThat(count("wroustr.messages.in", "route", "@FAIL")).isEqualTo(1);
            assertThat(count("wroustr.messages.errors")).isEqualTo(1);
            assertThat(count("wroustr.messages.unknown")).isEqualTo(1);
            assertThat(count("wroustr.messages.invalid")).isEqualTo(1);
            assertThat(count("wroustr.messages.out", "route", "@EVERYONE")).isEqualTo(2);
            assertThat(count("wroustr.messages.out", "route", "@IN-LOBBY")).isEqualTo(2);
            assertThat(count("wroustr.messages.out", "route", "@ANSWER")).isEqualTo(1);
            assertThat(count("wroustr.messages.in", "route", "@BLOCK")).isEqualTo(4);
            assertThat(count("wroustr.backpressure.pauses")).isGreaterThanOrEqualTo(1);
            assertThat(count("wroustr.connections.closed", "code", "1000")).isEqualTo(1);
            assertThat(registry.get("wroustr.connections.open").gauge().value()).isEqualTo(1);
            // No tag for a route nobody registered: the client cannot make them.
            assertThat(routeTags("wroustr.messages.in")).doesNotContain("@NOPE");
        }
        assertThat(disconnected.take().get("code")).isEqualTo("1006");
        assertThat(count("wroustr.connections.closed", "code", "1006")).isEqualTo(1);
        assertThat(registry.get("wroustr.connections.open").gauge().value()).isZero();
    }

    @Test
    void slowConsumerAndRejectedHandshakesAreCounted() throws Exception {
        try (TestClient slow = TestClient.connectNotReading(running.uri())) {
            slow.send("@FLOOD");
            assertThat(disconnected.take(10).get("code")).isEqualTo("1008");
        }
        assertThat(count("wroustr.slow.consumers.closed")).isEqualTo(1);
        assertThat(count("wroustr.connections.closed", "code", "1008")).isEqualTo(1);

        URI uri = running.uri();
        try (RawWebSocket raw = RawWebSocket.open(uri)) {
            raw.writeRaw(RawWebSocket.upgradeRequest(uri.resolve("/nope")));
            assertThat(raw.readStatus()).isEqualTo(404);
        }
        try (RawWebSocket raw = RawWebSocket.open(uri)) {
            raw.writeRaw(RawWebSocket.upgradeRequest(uri).replace("\r\n\r\n", "\r\nX-Reject: yes\r\n\r\n"));
            assertThat(raw.readStatus()).isEqualTo(403);
        }
        assertThat(count("wroustr.handshakes.rejected", "status", "404")).isEqualTo(1);
        assertThat(count("wroustr.handshakes.rejected", "status", "403")).isEqualTo(1);
    }

    @Test
    void handshakesPastALimitOfTheirAddressAreCountedByLimit() throws Exception {
        Server<Void> limited = new Server<Void>("127.0.0.1:0", null).trustProxies("127.0.0.1").maxConnectionsPerAddress(1);
        WroustrMetrics.bind(limited, registry);
        try (RunningServer server = limited.start();
             RawWebSocket first = RawWebSocket.open(server.uri());
             RawWebSocket second = RawWebSocket.open(server.uri())) {
            String request = RawWebSocket.upgradeRequest(server.uri()).replace("\r\n\r\n", "\r\nX-Forwarded-For: 192.0.2.1\r\n\r\n");
            first.writeRaw(request);
            assertThat(first.readStatus()).isEqualTo(101);
            second.writeRaw(request);
            assertThat(second.readStatus()).isEqualTo(429);
        }
        assertThat(count("wroustr.handshakes.limited", "limit", "connections-per-address")).isEqualTo(1);
        assertThat(count("wroustr.handshakes.limited", "limit", "handshakes-per-second")).isZero();
        assertThat(count("wroustr.handshakes.rejected", "status", "429")).isEqualTo(1);
    }

    @Test
    void refreshesRefusalsAndExpiriesAreCountedByOutcome() throws Exception {
        Server<Void> expiring = new Server<Void>("127.0.0.1:0", null).expiryGrace(Duration.ZERO)
                .handshakeCheck((request, state) -> HandshakeResult.accept().expiresAt(java.time.Instant.now().plusMillis(
                        Long.parseLong(request.query("ttl")))))
                .refreshCheck((token, connection, state) -> token.equals("ok")
                        ? HandshakeResult.accept().expiresAt(java.time.Instant.now().plusSeconds(60)) : HandshakeResult.reject(401));
        WroustrMetrics.bind(expiring, registry);
        try (RunningServer server = expiring.start()) {
            try (RawWebSocket client = RawWebSocket.connectWith(server.uri(), "ttl=60000", "wroustr.v1")) {
                client.readFrame();
                client.sendText("@$refresh #$id 1 #token ok");
                assertThat(client.readFrame().text()).startsWith("@$refresh #$re 1");
                client.sendText("@$refresh #$id 2 #token no");
                assertThat(client.readClose().closeCode()).isEqualTo(CloseCodes.CREDENTIALS_REFUSED);
            }
            try (RawWebSocket client = RawWebSocket.connectWith(server.uri(), "ttl=1", "wroustr.v1")) {
                assertThat(client.readClose().closeCode()).isEqualTo(CloseCodes.CREDENTIALS_EXPIRED);
            }
        }
        assertThat(count("wroustr.credentials", "outcome", "refreshed")).isEqualTo(1);
        assertThat(count("wroustr.credentials", "outcome", "refused")).isEqualTo(1);
        assertThat(count("wroustr.credentials", "outcome", "expired")).isEqualTo(1);
    }

    @Test
    void routesSentToGetTagsUpToTheBoundAndTheRestFoldIntoOther() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@MANY");
            for (int n = 0; n < 100; n++) client.assertText("@R" + n);
            client.socket().sendClose(CloseCodes.NORMAL, "").get(5, TimeUnit.SECONDS);
            disconnected.take();
        }
        Set<String> tags = routeTags("wroustr.messages.out");
        assertThat(tags).contains("@R0", "@R63", WroustrMetrics.OTHER).doesNotContain("@R64", "@R99");
        assertThat(count("wroustr.messages.out", "route", WroustrMetrics.OTHER)).isEqualTo(36);
    }

    private double count(String name) {
        return registry.get(name).counter().count();
    }

    private double count(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }

    private Set<String> routeTags(String name) {
        return registry.find(name).meters().stream().map(meter -> meter.getId().getTag("route")).collect(Collectors.toSet());
    }

    /** Passes everything on, and opens a latch when the server first stops reading a connection. */
    private record PauseWatch(ServerMetrics metrics, CountDownLatch paused) implements ServerMetrics {
        @Override public void started(Set<String> routes) { metrics.started(routes); }
        @Override public void connectionOpened() { metrics.connectionOpened(); }
        @Override public void connectionClosed(int code) { metrics.connectionClosed(code); }
        @Override public void messageHandled(String route, long nanos) { metrics.messageHandled(route, nanos); }
        @Override public void messagesOut(String route, int count) { metrics.messagesOut(route, count); }
        @Override public void invalidMessage() { metrics.invalidMessage(); }
        @Override public void unknownMessage() { metrics.unknownMessage(); }
        @Override public void handlerFailed(String route) { metrics.handlerFailed(route); }
        @Override public void messageLimited(String route) { metrics.messageLimited(route); }
        @Override public void slowConsumerClosed() { metrics.slowConsumerClosed(); }
        @Override public void handshakeRejected(int status) { metrics.handshakeRejected(status); }

        @Override
        public void backpressurePaused() {
            metrics.backpressurePaused();
            paused.countDown();
        }
    }
}
