package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Credentials that expire (PROTOCOL.md section 12), seen from a raw socket. */
@Timeout(30)
class ExpiryTest {
    private static final AttributeKey<String> USER = AttributeKey.of("user", String.class);

    private final Recorder<String> serverEvents = new Recorder<>();
    private final AtomicInteger refreshed = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();

    /**
     * A server whose handshake accepts {@code ?user=U&ttl=MS}: user U, credentials good for MS
     * milliseconds. A refresh with token {@code U:MS} sets user U for MS more; {@code bad} is refused.
     */
    private Server<Void> server(Duration grace) {
        var server = new Server<Void>("127.0.0.1:0", null).expiryGrace(grace);
        server.handshakeCheck((request, state) -> {
            HandshakeResult accept = HandshakeResult.accept().with(USER, request.query("user"));
            String ttl = request.query("ttl");
            return ttl == null ? accept : accept.expiresAt(Instant.now().plusMillis(Long.parseLong(ttl)));
        });
        server.refreshCheck((token, connection, state) -> {
            if (token.equals("bad")) return HandshakeResult.reject(401);
            String[] userAndTtl = token.split(":");
            return HandshakeResult.accept().with(USER, userAndTtl[0]).expiresAt(Instant.now().plusMillis(Long.parseLong(userAndTtl[1])));
        });
        server.metrics(new ServerMetrics() {
            @Override
            public void credentialsRefreshed() {
                refreshed.incrementAndGet();
            }

            @Override
            public void refreshRefused() {
                refused.incrementAndGet();
            }

            @Override
            public void credentialsExpired() {
                expired.incrementAndGet();
            }
        });
        server.route("DISCONNECTED", (params, dispatcher, state) ->
                serverEvents.add("DISCONNECTED " + params.get("code") + " " + params.get("reason")));
        server.route("@WHO", (params, dispatcher, state) -> dispatcher.send(Message.route("@YOU").param("user", dispatcher.attribute(USER))));
        return server;
    }

    @Test
    void expiredCredentialsCloseWith3005AfterTheGraceOnBothSides() throws Exception {
        try (RunningServer running = server(Duration.ofMillis(300)).start();
             RawWebSocket client = RawWebSocket.connectWith(running.uri(), "user=ann&ttl=200", "wroustr.v1")) {
            Message welcome = Message.parse(client.readFrame().text());
            assertThat(welcome.params().getLong("ttl")).isBetween(1L, 200L);
            client.sendText("@WHO");
            assertThat(client.readFrame().text()).isEqualTo("@YOU #user ann");
            RawWebSocket.Frame close = client.readClose();
            assertThat(close.closeCode()).isEqualTo(CloseCodes.CREDENTIALS_EXPIRED);
            assertThat(reason(close)).isEqualTo("credentials expired");
            assertThat(serverEvents.take()).isEqualTo("DISCONNECTED 3005 credentials expired");
            assertThat(expired.get()).isEqualTo(1);
        }
    }

    @Test
    void credentialsThatDoNotExpireAreNotMentionedInTheWelcome() throws Exception {
        try (RunningServer running = server(Duration.ofMillis(300)).start();
             RawWebSocket client = RawWebSocket.connectWith(running.uri(), "user=ann", "wroustr.v1")) {
            assertThat(Message.parse(client.readFrame().text()).params().get("ttl")).isNull();
        }
    }

    @Test
    void aRefreshExtendsTheExpiryAndChangesWhatHandlersSee() throws Exception {
        try (RunningServer running = server(Duration.ofMillis(100)).start();
             RawWebSocket client = RawWebSocket.connectWith(running.uri(), "user=ann&ttl=300", "wroustr.v1")) {
            client.readFrame();
            client.sendText("@$refresh #$id 1 #token bob:60000");
            Message reply = Message.parse(client.readFrame().text());
            assertThat(reply.route()).isEqualTo("@$refresh");
            assertThat(reply.params().keyAt(0)).isEqualTo("$re");
            assertThat(reply.params().get("$re")).isEqualTo("1");
            assertThat(reply.params().getLong("ttl")).isBetween(59_000L, 60_000L);
            client.sendText("@WHO");
            assertThat(client.readFrame().text()).isEqualTo("@YOU #user bob");
            // Past the first expiry and its grace, the connection is still open.
            Thread.sleep(600);
            client.sendText("@WHO");
            assertThat(client.readFrame().text()).isEqualTo("@YOU #user bob");
            assertThat(refreshed.get()).isEqualTo(1);
            assertThat(expired.get()).isZero();
        }
    }

    @Test
    void aRefusedRefreshGetsTheErrorReplyThenAClose3000() throws Exception {
        try (RunningServer running = server(Duration.ofSeconds(25)).start();
             RawWebSocket client = RawWebSocket.connectWith(running.uri(), "user=ann&ttl=60000", "wroustr.v1")) {
            client.readFrame();
            client.sendText("@$refresh #$id 7 #token bad");
            assertThat(client.readFrame().text()).isEqualTo("@$error #$re 7 #error refused");
            RawWebSocket.Frame close = client.readClose();
            assertThat(close.closeCode()).isEqualTo(CloseCodes.CREDENTIALS_REFUSED);
            assertThat(reason(close)).isEqualTo("credentials refused");
            assertThat(serverEvents.take()).isEqualTo("DISCONNECTED 3000 credentials refused");
            assertThat(refused.get()).isEqualTo(1);
        }
    }

    @Test
    void withoutARefreshCheckEveryRefreshIsRefused() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null)
                .handshakeCheck((request, state) -> HandshakeResult.accept().expiresAt(Instant.now().plusSeconds(60)));
        try (RunningServer running = server.start();
             RawWebSocket client = RawWebSocket.connectWith(running.uri(), null, "wroustr.v1")) {
            client.readFrame();
            client.sendText("@$refresh #$id 1 #token anything");
            assertThat(client.readFrame().text()).isEqualTo("@$error #$re 1 #error refused");
            assertThat(client.readClose().closeCode()).isEqualTo(CloseCodes.CREDENTIALS_REFUSED);
        }
    }

    @Test
    void theRefreshRouteIsTheProtocolsAndPassesNoLayer() throws Exception {
        var server = server(Duration.ofSeconds(25));
        server.layer(dev.wroustr.Layer.named("DENY-ALL"), (params, dispatcher, state) -> dev.wroustr.Layer.cancel());
        try (RunningServer running = server.start();
             RawWebSocket client = RawWebSocket.connectWith(running.uri(), "user=ann&ttl=60000", "wroustr.v1")) {
            client.readFrame();
            client.sendText("@$refresh #$id 3 #token ann:60000");
            assertThat(client.readFrame().text()).startsWith("@$refresh #$re 3 #ttl ");
        }
    }

    @Test
    void aResumeOfASessionWhoseCredentialsExpiredIsRefused() throws Exception {
        var server = server(Duration.ofSeconds(25)).resume(Duration.ofSeconds(20));
        try (RunningServer running = server.start()) {
            String secret;
            String uuid;
            try (RawWebSocket first = RawWebSocket.connectWith(running.uri(), "user=ann&ttl=200&wroustr-resume=1", "wroustr.v1")) {
                Message welcome = Message.parse(first.readFrame().text());
                uuid = welcome.params().get("uuid");
                secret = welcome.params().get("session");
                assertThat(welcome.params().get("ttl")).isNotNull();
                first.cut();
            }
            Thread.sleep(400);
            // Good credentials now: but the session's own had expired, and a resume keeps them.
            try (RawWebSocket again = RawWebSocket.connectWith(running.uri(),
                    "user=ann&ttl=60000&wroustr-resume=1&wroustr-session=" + secret + "&wroustr-received=0", "wroustr.v1")) {
                Message welcome = Message.parse(again.readFrame().text());
                assertThat(welcome.params().get("uuid")).isNotEqualTo(uuid);
                assertThat(welcome.params().get("resumed")).isEqualTo("false");
                assertThat(welcome.params().get("why")).isEqualTo("credentials-expired");
                assertThat(welcome.params().getLong("ttl")).isBetween(59_000L, 60_000L);
            }
        }
    }

    @Test
    void aResumedSessionKeepsItsExpiry() throws Exception {
        var server = server(Duration.ofMillis(200)).resume(Duration.ofSeconds(20));
        try (RunningServer running = server.start()) {
            String secret;
            try (RawWebSocket first = RawWebSocket.connectWith(running.uri(), "user=ann&ttl=1500&wroustr-resume=1", "wroustr.v1")) {
                secret = Message.parse(first.readFrame().text()).params().get("session");
                first.cut();
            }
            try (RawWebSocket again = RawWebSocket.connectWith(running.uri(),
                    "user=ann&ttl=60000&wroustr-resume=1&wroustr-session=" + secret + "&wroustr-received=0", "wroustr.v1")) {
                Message welcome = Message.parse(again.readFrame().text());
                assertThat(welcome.params().get("resumed")).isEqualTo("true");
                assertThat(welcome.params().getLong("ttl")).isBetween(1L, 1500L);
                RawWebSocket.Frame close = again.readClose();
                assertThat(close.closeCode()).isEqualTo(CloseCodes.CREDENTIALS_EXPIRED);
            }
            assertThat(serverEvents.take()).isEqualTo("DISCONNECTED 3005 credentials expired");
        }
    }

    @Test
    void aSessionAwayPastItsExpiryAndGraceEndsWith3005() throws Exception {
        var server = server(Duration.ofMillis(100)).resume(Duration.ofSeconds(20));
        try (RunningServer running = server.start()) {
            try (RawWebSocket first = RawWebSocket.connectWith(running.uri(), "user=ann&ttl=200&wroustr-resume=1", "wroustr.v1")) {
                first.readFrame();
                first.cut();
            }
            // Long before the window of 20 s runs out.
            assertThat(serverEvents.take()).isEqualTo("DISCONNECTED 3005 credentials expired");
            assertThat(expired.get()).isEqualTo(1);
        }
    }

    private static String reason(RawWebSocket.Frame close) {
        byte[] payload = close.payload();
        return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

}
