package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.answers;
import static dev.wroustr.redis.ClusterNodes.eventually;
import static dev.wroustr.redis.ClusterNodes.onlineUuidOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.TestClient;
import io.lettuce.core.KillArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis cuts a node's subscriber connection (an output buffer limit, a network fault) while it
 * stays up: while cut, the node's uuids leave presence, so that what is sent to them says false
 * instead of going nowhere; once it hears again, they are back, and so is what it subscribed to
 * meanwhile.
 */
@Timeout(60)
class SubscriberCutTest {
    private final String prefix = "cut-" + UUID.randomUUID() + ":";
    private RedisProcess redis;
    private ClusterNodes cluster;
    private RedisCommands<String, String> admin;

    @BeforeEach
    void start() throws Exception {
        // A Redis of the test's own: it changes maxclients.
        redis = RedisProcess.start();
        cluster = new ClusterNodes(redis.uri(), prefix);
        admin = redis.admin();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
        redis.close();
    }

    /** Cuts every node's subscriber connection, and keeps it from coming back until {@link #letSubscribersBack}. */
    private void cutSubscribers(int nodes) {
        // Redis takes no more connections than it has.
        long connected = admin.clientList().lines().count();
        admin.configSet("maxclients", String.valueOf(connected - nodes));
        assertThat(admin.clientKill(KillArgs.Builder.typePubsub())).isEqualTo(nodes);
    }

    private void letSubscribersBack() {
        admin.configSet("maxclients", "10000");
    }

    private boolean heard(String channel) {
        return admin.pubsubNumsub(channel).get(channel) > 0;
    }

    @Test
    void aRoomJoinedWhileTheSubscriptionIsCutIsHeardOnceItIsBack() throws Exception {
        RedisCluster twoCluster = cluster.redisCluster();
        RunningServer one = cluster.start(), two = cluster.start(twoCluster);
        try (TestClient alice = TestClient.connect(one.uri()); TestClient bob = TestClient.connect(two.uri())) {
            onlineUuidOf(bob, one);

            cutSubscribers(2);
            eventually("node two sees its subscription cut", () -> !twoCluster.isConnected());
            bob.send("@JOIN #room lobby");
            bob.assertText("@JOINED");

            letSubscribersBack();
            eventually("node two hears its own channel again", () -> heard(prefix + "to:" + twoCluster.nodeId()));
            eventually("node two hears the room's channel again", () -> heard(prefix + "roomch:lobby"));
            alice.send("@ROOM #room lobby #text 'after the cut'");
            bob.assertText("@ROOM-SAID #text 'after the cut'");
            bob.assertExhausted();
        }
    }

    @Test
    void aDroppedSubscriptionIsCountedAndTheNodesClientsAreToldOnceItHearsAgain() throws Exception {
        RedisCluster twoCluster = cluster.redisCluster();
        List<SubscriptionGap> gaps = new CopyOnWriteArrayList<>();
        twoCluster.onSubscriptionGap(gap -> {
            gaps.add(gap);
            gap.tell(Message.route("@MISSED").param("since", gap.cut().toEpochMilli()));
        });
        RunningServer one = cluster.start(), two = cluster.start(twoCluster);
        try (TestClient alice = TestClient.connect(one.uri()); TestClient bob = TestClient.connect(two.uri())) {
            String bobUuid = onlineUuidOf(bob, one);
            long before = System.currentTimeMillis();
            // As Redis does when a subscriber passes its output buffer limit; Lettuce reconnects at once.
            assertThat(admin.clientKill(KillArgs.Builder.typePubsub())).isEqualTo(2);

            assertThat(Message.parse(bob.take()).route()).isEqualTo("@MISSED");
            assertThat(twoCluster.subscriptionDrops()).isEqualTo(1);
            assertThat(gaps).hasSize(1);
            assertThat(gaps.get(0).uuids()).containsExactly(bobUuid);
            assertThat(gaps.get(0).cut().toEpochMilli()).isGreaterThanOrEqualTo(before);
            assertThat(gaps.get(0).back()).isAfterOrEqualTo(gaps.get(0).cut());
            eventually("a DM to bob goes through once node two hears again",
                    () -> answers(alice, "@DM #to " + bobUuid + " #text after", "@SENT #ok true"));
            bob.assertText("@DM #text after");
            bob.assertExhausted();
        }
    }

    @Test
    void aNodeWhoseSubscriptionIsCutLeavesPresenceUntilItHearsAgain() throws Exception {
        RunningServer one = cluster.start(), two = cluster.start();
        try (TestClient alice = TestClient.connect(one.uri()); TestClient bob = TestClient.connect(two.uri())) {
            String bobUuid = onlineUuidOf(bob, one);
            // Node one now knows where bob is, and would keep it.
            alice.send("@DM #to " + bobUuid + " #text before");
            alice.assertText("@SENT #ok true");
            bob.assertText("@DM #text before");

            cutSubscribers(2);
            // Node two hears nothing now: a DM to bob must say false, not true and go nowhere.
            eventually("a DM to bob says false while node two is deaf",
                    () -> answers(alice, "@DM #to " + bobUuid + " #text during", "@SENT #ok false"));
            assertThat(one.isOnline(bobUuid)).isFalse();

            letSubscribersBack();
            eventually("a DM to bob goes through once node two hears again",
                    () -> answers(alice, "@DM #to " + bobUuid + " #text after", "@SENT #ok true"));
            bob.assertText("@DM #text after");
            bob.assertExhausted();
            assertThat(one.isOnline(bobUuid)).isTrue();
        }
    }
}
