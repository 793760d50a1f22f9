package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.eventually;
import static dev.wroustr.redis.ClusterNodes.onlineUuidOf;

import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.TestClient;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.CommandType;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Presence that a node could not write again completely is written on a later renewal. */
@Timeout(60)
class PresenceRepairTest {
    @Test
    void aRewriteRedisRefusesPartwayIsTriedAgain() throws Exception {
        String prefix = "repair-" + UUID.randomUUID() + ":";
        // A Redis of the test's own: it adds a user, and empties Redis.
        try (RedisProcess redis = RedisProcess.start();
             ClusterNodes watching = new ClusterNodes(redis.uri(), prefix);
             ClusterNodes refused = new ClusterNodes(redis.uri().replace("redis://", "redis://node:secret@"), prefix)) {
            RedisCommands<String, String> admin = redis.admin();
            admin.aclSetuser("node", AclSetuserArgs.Builder.on().addPassword("secret").allKeys().allChannels().allCommands());
            RedisCluster twoCluster = refused.redisCluster();
            RunningServer one = watching.start(), two = refused.start(twoCluster);
            try (TestClient bob = TestClient.connect(two.uri())) {
                String bobUuid = onlineUuidOf(bob, one);

                // Redis emptied, as a restart leaves it, while it refuses node two the first
                // command of writing its presence again: its renewal fails partway.
                admin.aclSetuser("node", AclSetuserArgs.Builder.removeCommand(CommandType.SADD));
                long failedBefore = twoCluster.failures();
                admin.flushall();
                eventually("node two's rewrite refused", () -> twoCluster.failures() > failedBefore);

                admin.aclSetuser("node", AclSetuserArgs.Builder.addCommand(CommandType.SADD));
                eventually("bob online again as node one sees it", () -> one.isOnline(bobUuid));
            }
        }
    }
}
