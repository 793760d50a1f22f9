package dev.wroustr.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.server.AttributeKey;
import dev.wroustr.server.HandshakeResult;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import io.lettuce.core.RedisClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a resume on another node of a cluster refuses, and what travels with the session: the
 * window, forged, replayed and stolen secrets, the handshake identity, the credentials' expiry
 * and a refresh (PROTOCOL.md sections 11 and 12).
 */
@Timeout(60)
class ClusterResumeSecurityTest {
    private static final AttributeKey<String> USER = AttributeKey.of("user", String.class);
    private static final AttributeKey<String> NETWORK = AttributeKey.of("network", String.class);

    private final String uri;
    private final String prefix = "test-" + UUID.randomUUID() + ":";
    private final Recorder<String> node1Events = new Recorder<>();

    ClusterResumeSecurityTest() throws Exception {
        uri = RedisProcess.sharedUri();
    }

    /**
     * A node whose handshake check attaches {@code #user} from the query, {@code #network} as a
     * note if the query has one (answered by {@code @WHERE}), and an expiry {@code ttl} ms away
     * if the query has one.
     */
    private Server<Void> node(Duration window) {
        return ClusterNodes.resuming(ClusterNodes.node(uri, prefix), window)
                .handshakeCheck((request, state) -> {
                    HandshakeResult accepted = HandshakeResult.accept().with(USER, request.queryParams().getOrDefault("user", List.of("")).get(0));
                    List<String> network = request.queryParams().get("network");
                    if (network != null) accepted = accepted.note(NETWORK, network.get(0));
                    List<String> ttl = request.queryParams().get("ttl");
                    return ttl == null ? accepted : accepted.expiresAt(Instant.now().plusMillis(Long.parseLong(ttl.get(0))));
                })
                .route("@WHERE", (params, dispatcher, state) -> dispatcher.send(Message.route("@WHERE").param("network", dispatcher.attribute(NETWORK))))
                .refreshCheck((token, connection, state) -> HandshakeResult.accept().with(USER, connection.attribute(USER))
                        .expiresAt(Instant.now().plusSeconds(600)));
    }

    private static Message welcome(RawWebSocket socket) throws Exception {
        Message welcome = Message.parse(socket.readFrame().text());
        assertThat(welcome.route()).isEqualTo("@$welcome");
        return welcome;
    }

    /** A session opened on {@code node}: its welcome, uuid and secret, its socket cut (no close frame). */
    private record Opened(Message welcome, String uuid, String secret) {}

    private static Opened openedThenCut(URI node, String query) throws Exception {
        try (RawWebSocket socket = RawWebSocket.connectWith(node, query + "&wroustr-resume=1", "wroustr.v1")) {
            Message welcome = welcome(socket);
            socket.cut();
            return new Opened(welcome, welcome.params().get("uuid"), welcome.params().get("session"));
        }
    }

    /** A resume that did not take: a fresh session, not {@code uuid}, and why. */
    private static void assertFreshSession(RawWebSocket socket, String uuid, String why) throws Exception {
        assertFreshSession(socket, uuid, why, "");
    }

    private static void assertFreshSession(RawWebSocket socket, String uuid, String why, String description) throws Exception {
        Message welcome = welcome(socket);
        assertThat(welcome.params().get("uuid")).as(description).isNotEqualTo(uuid);
        assertThat(welcome.params().get("why")).as(description).isEqualTo(why);
    }

    @Test
    void theWindowRunningOutEndsTheSessionOnItsNodeAndAResumeOnAnotherIsToldUnknown() throws Exception {
        endsOnItsNodeAndIsUnknownElsewhere(false);
    }

    @Test
    void aSessionWhoseKeysRedisLostStillGetsWhatIsSentToItAndEndsWhenItsSocketGoes() throws Exception {
        endsOnItsNodeAndIsUnknownElsewhere(true);
    }

    /** A session cut and never resumed: DISCONNECTED on its node when its window runs out, its keys gone, unknown on another node. */
    private void endsOnItsNodeAndIsUnknownElsewhere(boolean redisLosesItsKeys) throws Exception {
        Server<Void> first = node(Duration.ofMillis(500));
        first.route("DISCONNECTED", (params, dispatcher, state) -> node1Events.add("DISCONNECTED " + params.get("uuid") + " " + params.get("code")));
        RedisClient client = RedisClient.create(uri);
        try (RunningServer node1 = first.start();
             RunningServer node2 = node(Duration.ofMillis(500)).start();
             var admin = client.connect()) {
            String uuid;
            String secret;
            try (RawWebSocket alice = RawWebSocket.connectWith(node1.uri(), "user=alice&wroustr-resume=1", "wroustr.v1")) {
                Message welcome = welcome(alice);
                uuid = welcome.params().get("uuid");
                secret = welcome.params().get("session");
                assertThat(secret).doesNotContain(uuid).hasSizeGreaterThanOrEqualTo(38);
                // A message handled (this handshake attached no network: the handler fails, and
                // that counts too): its count is a key of the session's, and must go with it.
                alice.sendText("@WHERE");
                assertThat(alice.readFrame().text()).isEqualTo("@$ack #received 1");
                ClusterNodes.eventually("the handled count in Redis", () -> !admin.sync().keys(prefix + "sess:{" + uuid + "}:handled:*").isEmpty());
                if (redisLosesItsKeys) {
                    // Redis loses the session (restarted empty, say): a message to it is not lost for that.
                    String pattern = prefix + "sess:{" + uuid + "}*";
                    // Written as the session opens, without holding its welcome up.
                    ClusterNodes.eventually("the session in Redis", () -> !admin.sync().keys(pattern).isEmpty());
                    List<String> sessionKeys = admin.sync().keys(pattern);
                    admin.sync().del(sessionKeys.toArray(String[]::new));
                    assertThat(node1.sendTo(uuid, Message.route("@AFTER"))).isTrue();
                    assertThat(alice.readFrame().text()).isEqualTo("@AFTER");
                }
                alice.cut();
            }
            assertThat(node1Events.take()).isEqualTo("DISCONNECTED " + uuid + " 1006");
            try (RawWebSocket late = RawWebSocket.resuming(node2.uri(), "user=alice", secret, redisLosesItsKeys ? 1 : 0)) {
                Message welcome = welcome(late);
                assertThat(welcome.params().get("uuid")).isNotEqualTo(uuid);
                assertThat(welcome.params().get("resumed")).isEqualTo("false");
                assertThat(welcome.params().get("why")).isEqualTo("unknown");
            }
            // The session's keys left Redis with it.
            assertThat(admin.sync().keys(prefix + "sess:{" + uuid + "}*")).isEmpty();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aClientThatCannotResumeIsSentToAcrossNodesAndAnUnknownUuidIsRefused() throws Exception {
        try (RunningServer node1 = node(Duration.ofSeconds(20)).start();
             RunningServer node2 = node(Duration.ofSeconds(20)).start();
             dev.wroustr.testing.TestClient plain = dev.wroustr.testing.TestClient.connect(node2.uri())) {
            String uuid = ClusterNodes.onlineUuidOf(plain, node1);
            assertThat(node1.sendTo(uuid, Message.route("@HI"))).isTrue();
            plain.assertText("@HI");
            assertThat(node1.sendTo(UUID.randomUUID().toString(), Message.route("@HI"))).isFalse();
        }
    }

    @Test
    void forgedReplayedAndStolenSecretsGetAFreshSessionOnAnyNodeAndTheOwnerStillResumes() throws Exception {
        try (RunningServer node1 = node(Duration.ofSeconds(20)).start();
             RunningServer node2 = node(Duration.ofSeconds(20)).start()) {
            Opened opened = openedThenCut(node1.uri(), "user=alice");
            String uuid = opened.uuid();
            String secret = opened.secret();
            String forgedNonce = secret.substring(0, 16) + "AAAAAAAAAAAAAAAAAAAAAAAA";
            for (String forged : List.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", forgedNonce, "short")) {
                try (RawWebSocket mallory = RawWebSocket.resuming(node2.uri(), "user=alice", forged, 0)) {
                    assertFreshSession(mallory, uuid, "unknown", forged);
                }
            }
            // Stolen: the right secret, another identity. The session stays its owner's.
            try (RawWebSocket mallory = RawWebSocket.resuming(node2.uri(), "user=mallory", secret, 0)) {
                assertFreshSession(mallory, uuid, "refused");
            }
            String renewed;
            try (RawWebSocket alice = RawWebSocket.resuming(node2.uri(), "user=alice", secret, 0)) {
                Message welcome = welcome(alice);
                assertThat(welcome.params().get("uuid")).isEqualTo(uuid);
                assertThat(welcome.params().get("resumed")).isEqualTo("true");
                renewed = welcome.params().get("session");
                assertThat(renewed).isNotEqualTo(secret);
                alice.cut();
            }
            // Replayed: a secret is good once, on any node.
            try (RawWebSocket replayed = RawWebSocket.resuming(node1.uri(), "user=alice", secret, 0)) {
                assertFreshSession(replayed, uuid, "unknown");
            }
            try (RawWebSocket alice = RawWebSocket.resuming(node1.uri(), "user=alice", renewed, 0)) {
                assertThat(welcome(alice).params().get("uuid")).isEqualTo(uuid);
            }
        }
    }

    @Test
    void aClientFromAnotherNetworkResumesOnAnotherNodeAndItsHandlersSeeItsNewNote() throws Exception {
        try (RunningServer node1 = node(Duration.ofSeconds(20)).start();
             RunningServer node2 = node(Duration.ofSeconds(20)).start()) {
            Opened opened = openedThenCut(node1.uri(), "user=alice&network=wifi");
            String uuid = opened.uuid();
            String secret = opened.secret();
            // The network is a note: no part of the identity kept in Redis (the user is: see the stolen secret above).
            try (RawWebSocket alice = RawWebSocket.resuming(node2.uri(), "user=alice&network=lte", secret, 0)) {
                Message welcome = welcome(alice);
                assertThat(welcome.params().get("uuid")).isEqualTo(uuid);
                assertThat(welcome.params().get("resumed")).isEqualTo("true");
                alice.sendText("@WHERE");
                assertThat(alice.readFrame().text()).isEqualTo("@WHERE #network lte");
            }
        }
    }

    @Test
    void aSessionWhoseCredentialsExpiredIsRefusedOnAnotherNode() throws Exception {
        try (RunningServer node1 = node(Duration.ofSeconds(20)).start();
             RunningServer node2 = node(Duration.ofSeconds(20)).start()) {
            Opened opened = openedThenCut(node1.uri(), "user=alice&ttl=300");
            String uuid = opened.uuid();
            String secret = opened.secret();
            Thread.sleep(500);
            // New credentials on the resume's upgrade do not carry an expired session on.
            try (RawWebSocket alice = RawWebSocket.resuming(node2.uri(), "user=alice&ttl=60000", secret, 0)) {
                assertFreshSession(alice, uuid, "credentials-expired");
            }
        }
    }

    @Test
    void theExpiryTravelsWithTheSessionAndARefreshOnTheSecondNodeHolds() throws Exception {
        try (RunningServer node1 = node(Duration.ofSeconds(20)).start();
             RunningServer node2 = node(Duration.ofSeconds(20)).start()) {
            Opened opened = openedThenCut(node1.uri(), "user=alice&ttl=10000");
            String uuid = opened.uuid();
            String secret = opened.secret();
            assertThat(opened.welcome().params().getLong("ttl", -1)).isBetween(1L, 10_000L);
            // A resume keeps the session's expiry, whatever the upgrade's credentials say.
            try (RawWebSocket alice = RawWebSocket.resuming(node2.uri(), "user=alice&ttl=900000", secret, 0)) {
                Message welcome = welcome(alice);
                assertThat(welcome.params().get("uuid")).isEqualTo(uuid);
                assertThat(welcome.params().getLong("ttl", -1)).isBetween(1L, 10_000L);
                secret = welcome.params().get("session");
                alice.sendText("@$refresh #$id 1 #token fresh");
                Message refreshed = Message.parse(alice.readFrame().text());
                assertThat(refreshed.route()).isEqualTo("@$refresh");
                assertThat(refreshed.params().getLong("ttl", -1)).isGreaterThan(500_000L);
                alice.cut();
            }
            // Back on node 1, the refresh made on node 2 holds.
            try (RawWebSocket alice = RawWebSocket.resuming(node1.uri(), "user=alice", secret, 1)) {
                Message welcome = welcome(alice);
                assertThat(welcome.params().get("uuid")).isEqualTo(uuid);
                assertThat(welcome.params().get("resumed")).isEqualTo("true");
                assertThat(welcome.params().getLong("ttl", -1)).isGreaterThan(500_000L);
            }
        }
    }
}
