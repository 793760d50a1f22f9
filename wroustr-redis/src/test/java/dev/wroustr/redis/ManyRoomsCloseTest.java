package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.eventually;
import static dev.wroustr.redis.ClusterNodes.uuidOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.TestClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection in more rooms than Lettuce queues commands for (100,000, where a room costs a
 * command or two) closes: it leaves every room in Redis, and its node every room it has no one
 * else in, at once rather than at a repair.
 */
@Timeout(120)
class ManyRoomsCloseTest {
    private static final int ROOMS = 60_000;
    private static final int PER_MESSAGE = 1_000;

    @Test
    void aConnectionInManyRoomsLeavesThemAllInRedisWhenItCloses() throws Exception {
        String prefix = "rooms-" + UUID.randomUUID() + ":";
        // A Redis of the test's own: 60,000 rooms, each subscribed by the node.
        try (RedisProcess redis = RedisProcess.start();
             RunningServer node = ClusterNodes.node(redis.uri(), prefix)
                     .maxRoomsPerConnection(ROOMS)
                     // Joins a thousand rooms a message, so that joining stays within Lettuce's queue.
                     .route("@JOIN-MANY", (params, dispatcher, state) -> {
                         int from = Integer.parseInt(params.require("from"));
                         for (int room = from; room < from + PER_MESSAGE; room++) dispatcher.join("r" + room);
                         dispatcher.send(Message.route("@JOINED"));
                     })
                     .start();
             TestClient client = TestClient.connect(node.uri());
             TestClient other = TestClient.connect(node.uri())) {
            RedisCommands<String, String> admin = redis.admin();
            String uuid = uuidOf(client), otherUuid = uuidOf(other);
            for (int from = 0; from < ROOMS; from += PER_MESSAGE) {
                client.send("@JOIN-MANY #from " + from);
                client.assertText("@JOINED");
                // What the node wrote for the last thousand is in Redis before the next.
                int joined = from + PER_MESSAGE;
                eventually(joined + " rooms in Redis", () -> admin.exists(prefix + "room:r" + (joined - 1)) == 1);
            }
            // One room the node keeps a member in.
            other.send("@JOIN #room r0");
            other.assertText("@JOINED");
            String nodeRooms = prefix + "noderooms:" + admin.hget(prefix + "where", uuid);
            eventually("the node in every room", () -> admin.scard(nodeRooms) == ROOMS);

            client.close();
            // Well within a lease's repair (1 s), which would otherwise have to revisit them.
            eventually("no room in Redis names the closed connection",
                    () -> admin.keys(prefix + "room:*").size() == 1);
            assertThat(admin.hkeys(prefix + "room:r0")).containsExactly(otherUuid);
            eventually("the node in no room but r0", () -> admin.smembers(nodeRooms).equals(Set.of("r0")));
            eventually("the node subscribed to no room but r0",
                    () -> admin.pubsubChannels(prefix + "roomch:*").equals(List.of(prefix + "roomch:r0")));
        }
    }
}
