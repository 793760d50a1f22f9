package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handshake checks: who may open a connection, and what they hand to the connection's routes. */
@Timeout(10)
class HandshakeTest {
    private static final AttributeKey<String> USER = AttributeKey.of("user", String.class);
    private static final Map<String, String> USERS = Map.of("token-bob", "bob", "token-ann", "ann");

    private final Recorder<String> events = new Recorder<>();

    /** Accepts a known token from {@code Authorization: Bearer ...} or {@code ?token=}, with its user as attribute. */
    private static HandshakeResult tokenCheck(HandshakeRequest request, Object state) {
        String header = request.header("authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : request.query("token");
        String user = token == null ? null : USERS.get(token);
        return user == null ? HandshakeResult.reject(401) : HandshakeResult.accept().with(USER, user);
    }

    private Server<Void> tokenServer() {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.handshakeCheck(HandshakeTest::tokenCheck);
        server.route("CONNECTED", (params, dispatcher, state) -> events.add("CONNECTED " + dispatcher.attribute(USER)));
        server.route("@WHOAMI", (params, dispatcher, state) -> dispatcher.send("@YOU-ARE #user " + dispatcher.attribute(USER)));
        server.route("DISCONNECTED", (params, dispatcher, state) -> events.add("DISCONNECTED " + dispatcher.attribute(USER)));
        return server;
    }

    /** The HTTP status the JDK's WebSocket client saw when its handshake was refused. */
    private static int refusedStatus(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        Throwable failure = catchThrowable(() ->
                builder.buildAsync(uri, new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }

    @Test
    void connectionWithoutATokenGets401AndNoConnected() throws Exception {
        try (var running = tokenServer().start()) {
            assertThat(refusedStatus(running.uri(), Map.of())).isEqualTo(401);
            assertThat(refusedStatus(running.uri(), Map.of("Authorization", "Bearer nope"))).isEqualTo(401);
            assertThat(refusedStatus(URI.create(running.uri() + "?token=nope"), Map.of())).isEqualTo(401);
            events.assertExhausted(200);
            assertThat(running.connectionCount()).isZero();
        }
    }

    @Test
    void connectionWithABearerTokenGetsInWithTheAttributeVisibleToEveryRouteAndDisconnected() throws Exception {
        try (var running = tokenServer().start();
             var client = TestClient.connect(running.uri(), Map.of("Authorization", "Bearer token-bob"))) {
            assertThat(events.take()).isEqualTo("CONNECTED bob");
            client.send("@WHOAMI");
            client.assertText("@YOU-ARE #user bob");
            client.socket().sendClose(1000, "");
            assertThat(events.take()).isEqualTo("DISCONNECTED bob");
        }
    }

    @Test
    void connectionWithAQueryTokenGetsIn() throws Exception {
        try (var running = tokenServer().start();
             var client = TestClient.connect(URI.create(running.uri() + "?token=token-ann"))) {
            assertThat(events.take()).isEqualTo("CONNECTED ann");
            client.send("@WHOAMI");
            client.assertText("@YOU-ARE #user ann");
        }
    }

    @Test
    void checkSeesPathQueryHeadersAndRemoteAddress() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null).path("/chat");
        server.handshakeCheck((request, state) -> {
            events.add(request.path() + " " + request.query("room") + " " + request.queryParams().get("tag")
                    + " " + request.header("X-Client") + " " + request.remoteAddress().getAddress().isLoopbackAddress());
            return HandshakeResult.accept();
        });
        try (var running = server.start();
             var client = TestClient.connect(URI.create(running.uri() + "?room=lobby&tag=a&tag=b"), Map.of("x-client", "test"))) {
            assertThat(events.take()).isEqualTo("/chat lobby [a, b] test true");
        }
    }

    @Test
    void queryStringDoesNotStopTheUpgradeButAnotherPathStillGets404() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null).path("/chat");
        server.route("CONNECTED", (params, dispatcher, state) -> events.add("CONNECTED"));
        try (var running = server.start()) {
            String base = "ws://127.0.0.1:" + running.port();
            try (var client = TestClient.connect(URI.create(base + "/chat?x=1"))) {
                assertThat(events.take()).isEqualTo("CONNECTED");
            }
            assertThat(refusedStatus(URI.create(base + "/chat/more?x=1"), Map.of())).isEqualTo(404);
            assertThat(refusedStatus(URI.create(base + "/chatter"), Map.of())).isEqualTo(404);
            assertThat(refusedStatus(URI.create(base + "/?x=/chat"), Map.of())).isEqualTo(404);
            events.assertExhausted(100);
        }
    }

    @Test
    void checksRunInOrderAndTheFirstRejectionWins() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.handshakeCheck((request, state) -> {
            events.add("first");
            return HandshakeResult.reject(403);
        });
        server.handshakeCheck((request, state) -> {
            events.add("second");
            return HandshakeResult.reject(401);
        });
        try (var running = server.start()) {
            assertThat(refusedStatus(running.uri(), Map.of())).isEqualTo(403);
            assertThat(events.take()).isEqualTo("first");
            events.assertExhausted(100);
        }
    }

    @Test
    void attributesOfEveryAcceptingCheckReachTheConnection() throws Exception {
        AttributeKey<Integer> level = AttributeKey.of("level", Integer.class);
        var server = tokenServer();
        server.handshakeCheck((request, state) -> HandshakeResult.accept().with(level, 7));
        server.route("@LEVEL", (params, dispatcher, state) ->
                dispatcher.send("@LEVEL #user " + dispatcher.attribute(USER) + " #level " + dispatcher.attribute(level)));
        try (var running = server.start();
             var client = TestClient.connect(running.uri(), Map.of("Authorization", "Bearer token-bob"))) {
            assertThat(events.take()).isEqualTo("CONNECTED bob");
            client.send("@LEVEL");
            client.assertText("@LEVEL #user bob #level 7");
        }
    }

    @Test
    void checkThatThrowsRejectsWith500() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.handshakeCheck((request, state) -> {
            throw new IllegalStateException("token store is down");
        });
        server.route("CONNECTED", (params, dispatcher, state) -> events.add("CONNECTED"));
        try (var running = server.start()) {
            assertThat(refusedStatus(running.uri(), Map.of())).isEqualTo(500);
            events.assertExhausted(100);
        }
    }

    @Test
    void sameOriginLetsInThePagesOwnOriginNoOriginAndTheOnesAllowedAndGives403ToOthers() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.handshakeCheck(HandshakeCheck.sameOrigin("https://app.example.com"));
        try (var running = server.start()) {
            String own = "http://127.0.0.1:" + running.port();
            for (String origin : new String[] {own, "HTTP://127.0.0.1:" + running.port(), "https://app.example.com", null}) {
                assertThat(rawStatus(running.uri(), origin)).as("Origin %s", origin).isEqualTo(101);
            }
            String[] others = {"https://evil.example.com", "http://127.0.0.1:" + (running.port() + 1), "http://127.0.0.1", "null",
                "http://127.0.0.1.evil.example.com:" + running.port(), "not a uri at all"};
            for (String origin : others) {
                assertThat(rawStatus(running.uri(), origin)).as("Origin %s", origin).isEqualTo(403);
            }
        }
    }

    /** The status of an upgrade request with {@code origin} (none if null), over a raw socket. */
    private static int rawStatus(URI uri, String origin) throws Exception {
        try (var raw = dev.wroustr.testing.RawWebSocket.open(uri)) {
            String request = dev.wroustr.testing.RawWebSocket.upgradeRequest(uri);
            raw.writeRaw(origin == null ? request : request.replace("\r\n\r\n", "\r\nOrigin: " + origin + "\r\n\r\n"));
            return raw.readStatus();
        }
    }

    @Test
    void allowOriginsGives403ToAWrongOriginAndLetsTheRightOneAndNoOriginIn() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.handshakeCheck(HandshakeCheck.allowOrigins("https://app.example.com"));
        server.route("CONNECTED", (params, dispatcher, state) -> events.add("CONNECTED"));
        try (var running = server.start()) {
            assertThat(refusedStatus(running.uri(), Map.of("Origin", "https://evil.example.com"))).isEqualTo(403);
            events.assertExhausted(100);
            try (var client = TestClient.connect(running.uri(), Map.of("Origin", "https://app.example.com"))) {
                assertThat(events.take()).isEqualTo("CONNECTED");
            }
            try (var client = TestClient.connect(running.uri())) {
                assertThat(events.take()).isEqualTo("CONNECTED");
            }
        }
    }

    @Test
    void connectorSendsAFreshHeaderTokenOnEveryReconnect() throws Exception {
        Recorder<String> tokensSeen = new Recorder<>();
        AtomicInteger issued = new AtomicInteger();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.handshakeCheck((request, state) -> {
            String token = request.header("Authorization");
            tokensSeen.add(token);
            // The first token is stale: the server refuses it, and the connector must come back with a new one.
            return token.equals("Bearer t1") ? HandshakeResult.reject(401) : HandshakeResult.accept().with(USER, token);
        });
        server.route("CONNECTED", (params, dispatcher, state) -> {
            events.add("CONNECTED " + dispatcher.attribute(USER));
            // The server drops the second connection, as when a session expires.
            if ("Bearer t2".equals(dispatcher.attribute(USER))) dispatcher.close(4000, "session expired");
        });
        try (var running = server.start();
             var connector = new Connector<Void>(running.uri().toString(), null)
                     .reconnect(Reconnect.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                     .headers(() -> Map.of("Authorization", "Bearer t" + issued.incrementAndGet()))) {
            connector.connect();
            assertThat(tokensSeen.take(3, 5)).containsExactly("Bearer t1", "Bearer t2", "Bearer t3");
            assertThat(events.take(2, 5)).containsExactly("CONNECTED Bearer t2", "CONNECTED Bearer t3");
        }
    }

    @Test
    void connectorSendsAFreshQueryTokenAfterTheServerRestarts() throws Exception {
        Recorder<String> tokensSeen = new Recorder<>();
        AtomicInteger issued = new AtomicInteger();
        var first = new Server<Void>("127.0.0.1:0", null);
        first.handshakeCheck((request, state) -> {
            tokensSeen.add(request.query("token"));
            return HandshakeResult.accept();
        });
        var running = first.start();
        int port = running.port();
        try (var connector = new Connector<Void>("ws://127.0.0.1:" + port + "/?room=lobby", null)
                .reconnect(Reconnect.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                .query(() -> Map.of("token", "q" + issued.incrementAndGet()))
                .route("DISCONNECTED", (params, dispatcher, state) -> events.add("DISCONNECTED " + params.get("code")))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            assertThat(tokensSeen.take()).isEqualTo("q1");
            running.close();
            assertThat(events.take()).isEqualTo("DISCONNECTED 1001");
            var second = new Server<Void>("127.0.0.1:" + port, null);
            second.handshakeCheck((request, state) -> {
                tokensSeen.add(request.query("token") + " " + request.query("room"));
                return HandshakeResult.accept();
            });
            try (var again = second.start()) {
                // Attempts made while the server was down asked for tokens too: only the number grows.
                String seen = tokensSeen.take();
                assertThat(seen).matches("q\\d+ lobby");
                assertThat(Integer.parseInt(seen.substring(1, seen.indexOf(' ')))).isGreaterThan(1);
                assertThat(connector.awaitConnected(Duration.ofSeconds(5))).isTrue();
            }
        }
    }

    @Test
    void checksThatNeverBlockRunOnTheNetworkThreadAndAnyThatMayBlockSendsThemAllToAHandlerThread() throws Exception {
        Recorder<Boolean> onNetworkThread = new Recorder<>();
        HandshakeCheck<Void> cheap = HandshakeCheck.nonBlocking((request, state) -> {
            onNetworkThread.add(Thread.currentThread() instanceof io.netty.util.concurrent.FastThreadLocalThread);
            return tokenCheck(request, state);
        });
        var quick = new Server<Void>("127.0.0.1:0", null).handshakeCheck(HandshakeCheck.sameOrigin()).handshakeCheck(cheap);
        try (var running = quick.start()) {
            assertThat(refusedStatus(running.uri(), Map.of())).isEqualTo(401);
            assertThat(onNetworkThread.take()).isTrue();
            try (var client = TestClient.connect(running.uri(), Map.of("Authorization", "Bearer token-bob"))) {
                assertThat(onNetworkThread.take()).isTrue();
                assertThat(running.connectionCount()).isEqualTo(1);
            }
        }
        // One check that may block: all of them run off the network thread.
        var mixed = new Server<Void>("127.0.0.1:0", null).handshakeCheck(cheap).handshakeCheck((request, state) -> HandshakeResult.accept());
        try (var running = mixed.start();
             var client = TestClient.connect(running.uri(), Map.of("Authorization", "Bearer token-ann"))) {
            assertThat(onNetworkThread.take()).isFalse();
        }
    }
}
