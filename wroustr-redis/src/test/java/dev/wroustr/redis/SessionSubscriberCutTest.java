package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.client.Connector;
import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.Gaps;
import io.lettuce.core.KillArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis cuts the subscriber connections while messages go to a resumable session on another
 * node: what was published to nobody meanwhile is read from the session's stream once the node
 * hears again, so the session's client gets every message, in order, the last ones included.
 */
@Timeout(60)
class SessionSubscriberCutTest {
    private static final int COUNT = 2_000;

    @Test
    void messagesPublishedWhileTheSubscriptionIsCutReachTheSessionFromItsStream() throws Exception {
        String prefix = "cut-" + UUID.randomUUID() + ":";
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        try (RedisProcess redis = RedisProcess.start();
             RunningServer one = ClusterNodes.resuming(ClusterNodes.node(redis.uri(), prefix), Duration.ofSeconds(30)).start();
             RunningServer two = ClusterNodes.resuming(ClusterNodes.node(redis.uri(), prefix), Duration.ofSeconds(30)).start();
             Connector<Void> a = new Connector<Void>(two.uri().toString(), null)
                     .route("@DM", (Params params, Dispatcher dispatcher, Void state) -> got.add(params.getInt("n")))) {
            RedisCommands<String, String> admin = redis.admin();
            a.connect().get(5, TimeUnit.SECONDS);
            String uuid = a.uuid();
            for (int n = 0; n < COUNT / 2; n++) assertThat(one.sendTo(uuid, Message.route("@DM").param("n", n))).isTrue();
            eventually("the first half delivered", () -> got.size() >= COUNT / 2);
            // Every subscriber connection cut, and kept out for a while: Redis takes no more connections than it has.
            long connected = admin.clientList().lines().count();
            admin.configSet("maxclients", String.valueOf(connected - 2));
            assertThat(admin.clientKill(KillArgs.Builder.typePubsub())).isEqualTo(2);
            for (int n = COUNT / 2; n < COUNT; n++) {
                assertThat(one.sendTo(uuid, Message.route("@DM").param("n", n))).as("a session is sent to while its node is deaf").isTrue();
            }
            Thread.sleep(300);
            assertThat(got).as("what reached the session while its node was deaf").hasSize(COUNT / 2);
            admin.configSet("maxclients", "10000");
            eventually("the session got every message", () -> got.size() >= COUNT);
            assertThat(Gaps.of(got)).isEmpty();
            assertThat(got).hasSize(COUNT);
        }
    }
}
