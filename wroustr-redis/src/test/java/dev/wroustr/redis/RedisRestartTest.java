package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.answers;
import static dev.wroustr.redis.ClusterNodes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.TestClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Redis going away mid-traffic: local delivery carries on, cross-node sends fail at once, and all comes back with Redis. */
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
                String bobUuid = uuid(bob), neighbourUuid = uuid(neighbour);
                eventually("bob online as node one sees it", () -> one.isOnline(bobUuid));
                alice.send("@DM #to " + bobUuid + " #text before");
                alice.assertText("@SENT #ok true");
                bob.assertText("@DM #text before");

                redis.stop();
                // A send in the very moment Redis goes is counted as failed; once the node has
                // seen it go, cross-node sends say false, at once (the class's time limit would catch a hang).
                eventually("node one sees Redis gone", () -> !one.isOnline(bobUuid));
                alice.send("@DM #to " + bobUuid + " #text during");
                alice.assertText("@SENT #ok false");
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
                assertThat(bob.take()).isEqualTo("@DM #text after");
            }
        }
    }

    private static String uuid(TestClient client) throws Exception {
        client.send("@WHOAMI");
        return Message.parse(client.take()).params().require("uuid");
    }
}
