package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.answers;
import static dev.wroustr.redis.ClusterNodes.eventually;
import static dev.wroustr.redis.ClusterNodes.onlineUuidOf;
import static dev.wroustr.redis.ClusterNodes.uuidOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.TestClient;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis going away mid-traffic: local delivery carries on, cross-node sends fail at once, and all
 * comes back with Redis; and a node is found only when it hears what is sent to it.
 */
@Timeout(60)
class RedisRestartTest {
    @Test
    void redisRestartedMidTrafficHangsNothingAndTheClusterRecovers() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             ClusterNodes cluster = new ClusterNodes(redis.uri(), "restart-" + UUID.randomUUID() + ":")) {
            RunningServer one = cluster.start(), two = cluster.start();
            try (TestClient alice = TestClient.connect(one.uri());
                 TestClient neighbour = TestClient.connect(one.uri());
                 TestClient bob = TestClient.connect(two.uri())) {
                String bobUuid = onlineUuidOf(bob, one), neighbourUuid = uuidOf(neighbour);
                alice.send("@DM #to " + bobUuid + " #text before");
                alice.assertText("@SENT #ok true");
                bob.assertText("@DM #text before");

                redis.stop();
                // Each of the node's connections to Redis sees it go in its own moment, so a send
                // just after may still be accepted (and sent when Redis is back, or dropped); once
                // the publishing connection has seen it go, cross-node sends say false, at once
                // (the class's time limit would catch a hang).
                eventually("node one sees Redis gone", () -> !one.isOnline(bobUuid));
                eventually("a DM across nodes says false",
                        () -> answers(alice, "@DM #to " + bobUuid + " #text during", "@SENT #ok false"));
                // Local: as ever, whatever Redis does.
                alice.send("@DM #to " + neighbourUuid + " #text 'next door'");
                alice.assertText("@SENT #ok true");
                neighbour.assertText("@DM #text 'next door'");
                alice.send("@SHOUT #text local");
                alice.assertText("@HEARD #text local");
                neighbour.assertText("@HEARD #text local");

                // The restarted Redis is empty: the nodes write their presence again by themselves.
                redis.restart();
                eventually("bob online again as node one sees it", () -> one.isOnline(bobUuid));
                eventually("a DM across nodes goes through again",
                        () -> answers(alice, "@DM #to " + bobUuid + " #text after", "@SENT #ok true"));
                String next = bob.take();
                while (next.equals("@DM #text during")) next = bob.take();
                assertThat(next).isEqualTo("@DM #text after");
            }
        }
    }

    @Test
    void aNodeIsFoundOnlyOnceItHearsWhatIsSentToIt() throws Exception {
        String prefix = "resubscribe-" + UUID.randomUUID() + ":";
        try (RedisProcess redis = RedisProcess.start();
             ClusterNodes cluster = new ClusterNodes(redis.uri(), prefix);
             RedisClient redisClient = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> admin = redisClient.connect()) {
            RunningServer one = cluster.start(), two = cluster.start();
            try (TestClient alice = TestClient.connect(one.uri()); TestClient bob = TestClient.connect(two.uri())) {
                String bobUuid = onlineUuidOf(bob, one);

                // Redis emptied, as a restart leaves it, while the nodes' subscriptions are cut
                // and cannot come back (Redis takes no more connections than it has).
                long connected = admin.sync().clientList().lines().count();
                admin.sync().configSet("maxclients", String.valueOf(connected - 2));
                assertThat(admin.sync().clientKill(KillArgs.Builder.typePubsub())).isEqualTo(2);
                admin.sync().flushall();
                eventually("both nodes renewed their leases", () -> admin.sync().keys(prefix + "lease:*").size() == 2);
                Thread.sleep(ClusterNodes.LEASE.toMillis()); // three more renewals
                // Node two would not hear a DM published to it: it must not be found.
                assertThat(one.isOnline(bobUuid)).isFalse();
                alice.send("@DM #to " + bobUuid + " #text unheard");
                alice.assertText("@SENT #ok false");

                admin.sync().configSet("maxclients", "10000");
                eventually("a DM across nodes goes through once node two hears again",
                        () -> answers(alice, "@DM #to " + bobUuid + " #text heard", "@SENT #ok true"));
                bob.assertText("@DM #text heard");
                bob.assertExhausted();
            }
        }
    }
}
