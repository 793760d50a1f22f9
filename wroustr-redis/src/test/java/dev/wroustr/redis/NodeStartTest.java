package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.WroustrException;
import dev.wroustr.server.Server;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.CommandType;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A node that cannot join the cluster fails to start and leaves nothing open behind it. */
@Timeout(60)
class NodeStartTest {
    @Test
    void aNodeRefusedBeforeItJoinsClosesItsConnectionsToRedis() throws Exception {
        // A Redis of the test's own: it adds a user.
        try (RedisProcess redis = RedisProcess.start()) {
            RedisCommands<String, String> admin = redis.admin();
            // Connects, then may not subscribe: the node fails once its connections are open.
            admin.aclSetuser("nosubscribe", AclSetuserArgs.Builder.on().addPassword("secret")
                    .allKeys().allChannels().allCommands().removeCommand(CommandType.SUBSCRIBE));
            String uri = redis.uri().replace("redis://", "redis://nosubscribe:secret@");
            Server<Void> server = new Server<Void>("127.0.0.1:0", null)
                    .cluster(RedisCluster.connect(uri).keyPrefix("start-" + UUID.randomUUID() + ":"));

            assertThatThrownBy(server::start).isInstanceOf(WroustrException.class).hasMessageContaining("NOPERM");
            eventually("no connection of the node left open",
                    () -> admin.clientList().lines().noneMatch(client -> client.contains(" user=nosubscribe ")));
            assertThat(admin.clientList().lines().count()).isEqualTo(1);
        }
    }
}
