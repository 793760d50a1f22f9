package dev.wroustr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.server.AttributeKey;
import dev.wroustr.server.HandshakeResult;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.testing.CuttingProxy;
import dev.wroustr.testing.Recorder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Connector's token supplier (PROTOCOL.md section 12) against a real server: tokens in the
 * upgrade, refreshes before the expiry, and what happens when the server refuses or expires them.
 */
@Timeout(30)
class ConnectorTokenTest {
    private static final AttributeKey<String> TOKEN = AttributeKey.of("token", String.class);
    /** Stands for the supplier's null in a script of answers. */
    private static final String GONE = "<gone>";

    // Every token the server saw: "handshake T" or "refresh T".
    private final Recorder<String> seen = new Recorder<>();
    private final Recorder<String> serverEvents = new Recorder<>();
    private final Recorder<String> clientEvents = new Recorder<>();

    @AfterEach
    void nothingElseWasSeen() {
        seen.assertExhausted();
    }

    /**
     * Tokens starting with "ok" pass, good for {@code ttl}; "bad" ones are refused, at the
     * handshake (401) or in a refresh. Handlers answer @WHO with the token the connection holds.
     */
    private Server<Void> server(Duration ttl, Duration grace) {
        var server = new Server<Void>("127.0.0.1:0", null).expiryGrace(grace);
        server.handshakeCheck((request, state) -> {
            String header = request.header("Authorization");
            String token = header != null ? header.substring("Bearer ".length()) : request.query("access_token");
            seen.add("handshake " + token);
            return token.startsWith("ok") ? HandshakeResult.accept().with(TOKEN, token).expiresAt(Instant.now().plus(ttl))
                    : HandshakeResult.reject(401);
        });
        server.refreshCheck((token, connection, state) -> {
            seen.add("refresh " + token);
            return token.startsWith("ok") ? HandshakeResult.accept().with(TOKEN, token).expiresAt(Instant.now().plus(ttl))
                    : HandshakeResult.reject(401);
        });
        server.route("DISCONNECTED", (params, dispatcher, state) -> serverEvents.add("DISCONNECTED " + params.get("code") + " " + params.get("reason")));
        server.route("@WHO", (params, dispatcher, state) -> dispatcher.reply(Message.route("@YOU").param("token", dispatcher.attribute(TOKEN))));
        return server;
    }

    private Connector<Void> client(RunningServer running, Supplier<String> tokens) {
        return new Connector<Void>(running.uri().toString(), null)
                .reconnect(Reconnect.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                .tokenSupplier(tokens)
                .route("CONNECTED", (Params params, Dispatcher dispatcher, Void state) -> clientEvents.add("CONNECTED"))
                .route("DISCONNECTED", (Params params, Dispatcher dispatcher, Void state) ->
                        clientEvents.add("DISCONNECTED " + params.get("code") + " " + params.get("reason")));
    }

    /** A supplier giving {@code answers} in turn ({@link #GONE} for null, an exception's message "throw" to throw), then the last one for ever. */
    private static Supplier<String> script(String... answers) {
        Deque<String> left = new ArrayDeque<>(java.util.List.of(answers));
        return () -> {
            String next;
            synchronized (left) {
                next = left.size() > 1 ? left.poll() : left.peek();
            }
            if (next.equals("throw")) throw new IllegalStateException("identity provider down");
            return next.equals(GONE) ? null : next;
        };
    }

    private static String who(Connector<Void> connector) throws Exception {
        return connector.request(Message.route("@WHO"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS).params().get("token");
    }

    @Test
    void theTokenGoesInTheUpgradeAndARefreshBeforeTheExpiryChangesWhatHandlersSee() throws Exception {
        try (RunningServer running = server(Duration.ofMillis(600), Duration.ofMillis(100)).start();
             Connector<Void> connector = client(running, script("ok1", "ok2", "ok3", "ok4", "ok5"))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            assertThat(seen.take()).isEqualTo("handshake ok1");
            assertThat(who(connector)).isEqualTo("ok1");
            // At 80 to 90 percent of 600 ms, then of each new 600 ms: past three expiries, still open.
            assertThat(seen.take(3, 5)).containsExactly("refresh ok2", "refresh ok3", "refresh ok4");
            assertThat(who(connector)).isIn("ok4", "ok5");
            assertThat(clientEvents.take()).isEqualTo("CONNECTED");
            // No close came meanwhile: the refreshes kept the connection.
            assertThat(clientEvents.isEmpty()).isTrue();
        } finally {
            while (!seen.isEmpty()) seen.take();
        }
    }

    @Test
    void aSupplierThatFailsAtARefreshIsAskedAgainWithBackoffBeforeTheExpiry() throws Exception {
        try (RunningServer running = server(Duration.ofMillis(800), Duration.ofMillis(100)).start();
             Connector<Void> connector = client(running, script("ok1", "throw", "throw", "ok2", "ok3", "ok4"))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            assertThat(clientEvents.take()).isEqualTo("CONNECTED");
            assertThat(seen.take(2, 5)).containsExactly("handshake ok1", "refresh ok2");
            assertThat(who(connector)).isEqualTo("ok2");
            assertThat(clientEvents.isEmpty()).isTrue();
        } finally {
            while (!seen.isEmpty()) seen.take();
        }
    }

    @Test
    void aRefusedRefreshClosesWith3000AndTheSupplierIsAskedAgainBeforeReconnecting() throws Exception {
        try (RunningServer running = server(Duration.ofMillis(400), Duration.ofSeconds(25)).start();
             Connector<Void> connector = client(running, script("ok1", "bad2", "ok3"))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            assertThat(clientEvents.take()).isEqualTo("CONNECTED");
            assertThat(seen.take(3, 5)).containsExactly("handshake ok1", "refresh bad2", "handshake ok3");
            assertThat(serverEvents.take()).isEqualTo("DISCONNECTED 3000 credentials refused");
            assertThat(clientEvents.take()).isEqualTo("DISCONNECTED 3000 credentials refused");
            assertThat(clientEvents.take()).isEqualTo("CONNECTED");
            assertThat(who(connector)).isEqualTo("ok3");
            connector.close();
        } finally {
            while (!seen.isEmpty()) seen.take();
        }
    }

    @Test
    void anExpiryClosesWith3005AndTheStaleTokenIsNeverSentAgain() throws Exception {
        // The supplier fails at each refresh, so the credentials expire; then it gives back the
        // token that expired (not sent), fails, and at last gives a new one.
        try (RunningServer running = server(Duration.ofMillis(300), Duration.ofMillis(200)).start();
             Connector<Void> connector = client(running, script("ok1", "throw", "throw", "throw", "throw", "throw", "throw", "throw",
                     "throw", "throw", "throw", "throw", "throw", "throw", "throw", "throw", "throw", "throw", "throw", "throw", "ok1", "ok1", "throw", "ok2"))
                     .reconnect(Reconnect.backoff(Duration.ofMillis(100), Duration.ofMillis(100)))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            assertThat(clientEvents.take()).isEqualTo("CONNECTED");
            assertThat(seen.take()).isEqualTo("handshake ok1");
            assertThat(serverEvents.take()).isEqualTo("DISCONNECTED 3005 credentials expired");
            assertThat(clientEvents.take()).isEqualTo("DISCONNECTED 3005 credentials expired");
            assertThat(clientEvents.take(10)).isEqualTo("CONNECTED");
            assertThat(seen.take()).isEqualTo("handshake ok2");
            assertThat(who(connector)).isEqualTo("ok2");
            connector.close();
        } finally {
            while (!seen.isEmpty()) assertThat(seen.take()).doesNotContain("ok1");
        }
    }

    @Test
    void aSupplierThatSaysTheUserIsGoneClosesTheConnectionAndStops() throws Exception {
        try (RunningServer running = server(Duration.ofMillis(300), Duration.ofSeconds(25)).start();
             Connector<Void> connector = client(running, script("ok1", GONE))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            assertThat(seen.take()).isEqualTo("handshake ok1");
            assertThat(clientEvents.take()).isEqualTo("CONNECTED");
            assertThat(clientEvents.take()).isEqualTo("DISCONNECTED 1000 signed out: no token");
            assertThat(serverEvents.take()).isEqualTo("DISCONNECTED 1000 signed out: no token");
            clientEvents.assertExhausted(300);
            assertThat(connector.isConnected()).isFalse();
        }
    }

    @Test
    void noTokenForTheFirstConnectionFailsConnect() throws Exception {
        try (RunningServer running = server(Duration.ofSeconds(5), Duration.ofSeconds(25)).start();
             Connector<Void> connector = client(running, script(GONE))) {
            assertThatThrownBy(() -> connector.connect().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("the user is gone");
        }
    }

    @Test
    void aResumeAfterTheExpiryIsRefusedAndTheClientGetsANewSessionWithItsNewToken() throws Exception {
        // The identity is the user, the same for both tokens: only the expiry stands in the resume's way.
        AttributeKey<String> user = AttributeKey.of("user", String.class);
        var server = new Server<Void>("127.0.0.1:0", null).resume(Duration.ofSeconds(20)).handshakeCheck((request, state) -> {
            seen.add("handshake " + request.header("Authorization").substring("Bearer ".length()));
            return HandshakeResult.accept().with(user, "ann").expiresAt(Instant.now().plusMillis(300));
        });
        server.route("RESUMED", (params, dispatcher, state) -> serverEvents.add("RESUMED"));
        server.route("@WHO", (params, dispatcher, state) -> dispatcher.reply(Message.route("@YOU").param("token", dispatcher.attribute(user))));
        try (RunningServer running = server.start();
             CuttingProxy proxy = new CuttingProxy(running.uri());
             Connector<Void> connector = new Connector<Void>(proxy.through(running.uri()).toString(), null)
                     .reconnect(Reconnect.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                     .tokenSupplier(script("ok1", "ok2"))
                     .route("CONNECTED", (Params params, Dispatcher dispatcher, Void state) -> clientEvents.add("CONNECTED"))
                     .route("RESUMED", (Params params, Dispatcher dispatcher, Void state) -> clientEvents.add("RESUMED"))
                     .route("DISCONNECTED", (Params params, Dispatcher dispatcher, Void state) ->
                             clientEvents.add("DISCONNECTED " + params.get("reason")))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            assertThat(clientEvents.take()).isEqualTo("CONNECTED");
            assertThat(seen.take()).isEqualTo("handshake ok1");
            // Away from before its refresh until after its expiry.
            proxy.refuse(true);
            proxy.cut();
            Thread.sleep(500);
            proxy.refuse(false);
            assertThat(seen.take()).isEqualTo("handshake ok2");
            assertThat(clientEvents.take()).isEqualTo("DISCONNECTED not resumed: credentials-expired");
            assertThat(clientEvents.take()).isEqualTo("CONNECTED");
            assertThat(who(connector)).isEqualTo("ann");
            assertThat(serverEvents.isEmpty()).isTrue();   // no RESUMED; the old session ends with its grace, later
        } finally {
            while (!seen.isEmpty()) seen.take();
        }
    }

    @Test
    void aTokenInTheQueryForServersThatReadItThere() throws Exception {
        try (RunningServer running = server(Duration.ofSeconds(60), Duration.ofSeconds(25)).start();
             Connector<Void> connector = client(running, script("ok-q")).tokenQuery("access_token")) {
            connector.connect().get(5, TimeUnit.SECONDS);
            assertThat(seen.take()).isEqualTo("handshake ok-q");
            assertThat(who(connector)).isEqualTo("ok-q");
        }
    }

    @Test
    void aTokenRefusedAtTheHandshakeIsNotSentAgain() throws Exception {
        try (RunningServer running = server(Duration.ofSeconds(60), Duration.ofSeconds(25)).start();
             Connector<Void> connector = client(running, script("bad1", "bad1", "bad1", "ok2"))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            assertThat(seen.take(2, 5)).containsExactly("handshake bad1", "handshake ok2");
        }
    }
}
