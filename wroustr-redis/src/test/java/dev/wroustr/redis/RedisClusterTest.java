package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.answers;
import static dev.wroustr.redis.ClusterNodes.eventually;
import static dev.wroustr.redis.ClusterNodes.onlineUuidOf;
import static dev.wroustr.redis.ClusterNodes.uuidOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Message;
import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.TestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three server nodes on one real Redis behave as one server. */
@Timeout(60)
class RedisClusterTest {
    private final List<TestClient> clients = new ArrayList<>();
    private ClusterNodes cluster;
    private String uri;
    private String prefix;

    @BeforeEach
    void start() throws Exception {
        uri = RedisProcess.sharedUri();
        prefix = "test-" + UUID.randomUUID() + ":";
        cluster = new ClusterNodes(uri, prefix);
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        cluster.close();
    }

    private TestClient client(RunningServer node) throws Exception {
        return client(node.uri());
    }

    @Test
    void sendToReachesAUuidOnAnotherNode() throws Exception {
        RunningServer one = cluster.start();
        cluster.start();
        RunningServer three = cluster.start();
        TestClient alice = client(one), bob = client(three);
        String bobUuid = onlineUuidOf(bob, one);

        alice.send("@DM #to " + bobUuid + " #text 'across nodes'");
        alice.assertText("@SENT #ok true");
        bob.assertText("@DM #text 'across nodes'");
        alice.send("@DM #to " + UUID.randomUUID() + " #text nobody");
        alice.assertText("@SENT #ok false");
        bob.assertExhausted();
    }

    @Test
    void anInlineHandlerNeverWaitsForRedisToFindANode() throws Exception {
        RunningServer one = cluster.startInline(), two = cluster.start();
        TestClient alice = client(one), bob = client(two), carol = client(one);
        String bobUuid = onlineUuidOf(bob, one);

        // Redis answers nothing for longer than a handler would wait (500 ms), less than a lease.
        try (RedisClient redis = RedisClient.create(uri); StatefulRedisConnection<String, String> admin = redis.connect()) {
            admin.sync().clientPause(800);
        }
        for (int i = 0; i < 20; i++) alice.send("@DM #to " + bobUuid + " #text " + i);
        // Accepted at once, while node one does not know where bob is; and carol, on the same
        // network thread, is served meanwhile.
        for (int i = 0; i < 20; i++) alice.assertText("@SENT #ok true");
        carol.send("@WHOAMI");
        assertThat(carol.take()).startsWith("@YOU");
        // Once Redis answers, the DMs go out in order.
        for (int i = 0; i < 20; i++) bob.assertText("@DM #text " + i);
        alice.send("@DM #to " + bobUuid + " #text known");
        alice.assertText("@SENT #ok true");
        bob.assertText("@DM #text known");
        // A uuid found nowhere: accepted, as the answer comes later, and dropped.
        alice.send("@DM #to " + UUID.randomUUID() + " #text nobody");
        alice.assertText("@SENT #ok true");
        bob.assertExhausted();
    }

    @Test
    void aNodeSentAMessageForAUuidItDoesNotHoldMakesTheSenderForgetWhereItWas() throws Exception {
        RunningServer one = cluster.start(), two = cluster.start();
        TestClient alice = client(one), bob = client(two);
        String bobUuid = onlineUuidOf(bob, one);
        String ghost = UUID.randomUUID().toString();
        try (RedisClient redis = RedisClient.create(uri); StatefulRedisConnection<String, String> admin = redis.connect()) {
            String nodeTwo = admin.sync().hget(prefix + "where", bobUuid);
            // A uuid of node two that closed while node one missed the announcement: node one
            // looks it up and keeps where it was, then presence loses it.
            admin.sync().hset(prefix + "where", ghost, nodeTwo);
            alice.send("@DM #to " + ghost + " #text first");
            alice.assertText("@SENT #ok true");
            admin.sync().hdel(prefix + "where", ghost);
        }
        eventually("node one forgets where the ghost was",
                () -> answers(alice, "@DM #to " + ghost + " #text again", "@SENT #ok false"));
        bob.assertExhausted();
    }

    @Test
    void aBroadcastReachesEveryClientOfEveryNodeExactlyOnce() throws Exception {
        List<RunningServer> nodes = List.of(cluster.start(), cluster.start(), cluster.start());
        List<TestClient> all = new ArrayList<>();
        for (RunningServer node : nodes) {
            all.add(client(node));
            all.add(client(node));
        }
        eventually("six connections in presence", () -> nodes.get(0).connections().size() == 6);
        for (String text : List.of("first", "second")) {
            all.get(3).send("@SHOUT #text " + text);
            for (TestClient client : all) client.assertText("@HEARD #text " + text);
        }
        // A copy of the first that came twice would be here by now: each node's copies arrive in order.
        for (TestClient client : all) client.assertExhausted();
    }

    @Test
    void aRoomSpansNodesAndLeavesOutTheSender() throws Exception {
        RunningServer one = cluster.start(), two = cluster.start(), three = cluster.start();
        TestClient alice = client(one), bob = client(two), carol = client(three), dave = client(two);
        for (TestClient member : List.of(alice, bob, carol)) {
            member.send("@JOIN #room lobby");
            member.assertText("@JOINED");
        }
        String carolUuid = uuidOf(carol);
        eventually("three members seen from node one", () -> one.toRoom("lobby").members().size() == 3);
        assertThat(one.toRoom("lobby").members()).contains(carolUuid);
        assertThat(two.rooms()).containsExactly("lobby");

        alice.send("@ROOM #room lobby #text 'hi room'");
        bob.assertText("@ROOM-SAID #text 'hi room'");
        carol.assertText("@ROOM-SAID #text 'hi room'");
        // From outside a handler, on a node with no member of its own in the room... and one with.
        assertThat(three.toRoom("lobby").send(Message.route("@NEWS"))).isEqualTo(1);
        for (TestClient member : List.of(alice, bob, carol)) member.assertText("@NEWS");
        alice.assertExhausted();
        dave.assertExhausted();
    }

    @Test
    void presenceSpansNodesAndFollowsCloses() throws Exception {
        RunningServer one = cluster.start(), two = cluster.start();
        TestClient alice = client(one), bob = client(two);
        String aliceUuid = uuidOf(alice), bobUuid = uuidOf(bob);
        eventually("both in presence", () -> two.connections().equals(java.util.Set.of(aliceUuid, bobUuid)));
        assertThat(two.isOnline(aliceUuid)).isTrue();

        alice.close();
        eventually("alice gone from presence", () -> !two.isOnline(aliceUuid));
        assertThat(one.connections()).containsExactly(bobUuid);
    }

    @Test
    void aNodeKilledInAnotherProcessLeavesPresenceWithinItsLease() throws Exception {
        RunningServer one = cluster.start();
        Process child = startChild();
        try {
            TestClient far = client(childUri(child));
            String farUuid = uuidOf(far);
            TestClient near = client(one);
            eventually("the far client online as node one sees it", () -> one.isOnline(farUuid));
            near.send("@DM #to " + farUuid + " #text 'to another process'");
            near.assertText("@SENT #ok true");
            far.assertText("@DM #text 'to another process'");

            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            eventually("the far client gone from presence", () -> !one.isOnline(farUuid));
            // Its lease, renewed a third of it apart, runs out; a survivor then clears it on its next renewal.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed))
                    .as("ms from the kill to the far client leaving presence").isLessThan(3 * ClusterNodes.LEASE.toMillis());
            assertThat(one.connections()).doesNotContain(farUuid);
            near.send("@DM #to " + farUuid + " #text gone");
            near.assertText("@SENT #ok false");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void noNodeSaysTrueForAUuidOfAKilledNodeOncePresenceNoLongerHasIt() throws Exception {
        RunningServer one = cluster.start();
        // Node two renews its lease 10 s apart: node one clears the dead node, and node two, which
        // knew where the far uuid lived, must hear of it from node one.
        RunningServer two = cluster.start(RedisCluster.connect(uri).keyPrefix(prefix).lease(java.time.Duration.ofSeconds(30)));
        Process child = startChild();
        try {
            TestClient far = client(childUri(child));
            String farUuid = uuidOf(far);
            List<TestClient> near = List.of(client(one), client(two));
            eventually("the far client online", () -> one.isOnline(farUuid));
            for (TestClient sender : near) {
                sender.send("@DM #to " + farUuid + " #text 'where it lives is kept'");
                sender.assertText("@SENT #ok true");
                far.assertText("@DM #text 'where it lives is kept'");
            }

            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            eventually("the far client gone from presence", () -> !two.isOnline(farUuid));
            for (TestClient sender : near) {
                sender.send("@DM #to " + farUuid + " #text 'to nobody'");
                sender.assertText("@SENT #ok false");
            }
        } finally {
            child.destroyForcibly();
        }
    }

    /** A cluster node in a process of its own, which the test can kill -9. */
    private Process startChild() throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildNode.class.getName(), uri, prefix)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static URI childUri(Process child) throws Exception {
        String childUri = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(childUri).as("the child node's address").startsWith("ws://");
        return URI.create(childUri);
    }

    private TestClient client(URI uri) throws Exception {
        TestClient client = TestClient.connect(uri);
        clients.add(client);
        return client;
    }

    @Test
    void settingsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> RedisCluster.connect("http://localhost")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisCluster.connect("redis-sentinel://127.0.0.1:26379")).hasMessageContaining("master");
        assertThatThrownBy(() -> RedisCluster.connect(uri).lease(java.time.Duration.ofMillis(10))).hasMessageContaining("lease");
        assertThatThrownBy(() -> RedisCluster.connect(uri).keyPrefix("")).hasMessageContaining("keyPrefix");
    }
}
