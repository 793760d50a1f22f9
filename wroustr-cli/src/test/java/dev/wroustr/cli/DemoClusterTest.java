package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.redis.RedisCluster;
import dev.wroustr.redis.RedisClusterProcesses;
import dev.wroustr.redis.RedisProcess;
import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.TestClient;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two demos on one real Redis (and on a Redis Cluster) share chat, @DM, @WHO and rooms, as wroustr demo --redis (--redis-cluster) runs them. */
@Timeout(60)
class DemoClusterTest {
    @Test
    void twoDemosOnOneRedisShareChatDmWhoAndRooms() throws Exception {
        String redis = RedisProcess.sharedUri();
        String prefix = "demo-" + UUID.randomUUID() + ":";
        try (RunningServer one = DemoServer.create("127.0.0.1", 0, line -> { }, RedisCluster.connect(redis).keyPrefix(prefix), Set.of()).start();
             RunningServer two = DemoServer.create("127.0.0.1", 0, line -> { }, RedisCluster.connect(redis).keyPrefix(prefix), Set.of()).start();
             TestClient alice = TestClient.connect(one.uri());
             TestClient bob = TestClient.connect(two.uri())) {
            String aliceUuid = join(alice, "alice", bob), bobUuid = join(bob, "bob", alice);

            bob.send("@SAY #text 'hello from node two'");
            alice.assertText("@SAID #name bob #text 'hello from node two'");
            bob.assertText("@SAID #name bob #text 'hello from node two'");

            alice.send("@DM #to " + bobUuid + " #text psst");
            bob.assertText("@DM #from " + aliceUuid + " #text psst");

            awaitWho(alice, "@USERS #count 2 #names 'alice, bob'");

            alice.send("@ROOM-JOIN #room lobby");
            alice.assertText("@ROOM-JOINED #room lobby #members 1");
            bob.send("@ROOM-JOIN #room lobby");
            assertThat(bob.take()).matches("@ROOM-JOINED #room lobby #members [12]");
            bob.send("@ROOM-SAY #room lobby #text 'across the room'");
            assertThat(bob.take()).matches("@ROOM-SENT #room lobby #count 0");
            alice.assertText("@ROOM-SAID #room lobby #from " + bobUuid + " #text 'across the room'");
        }
    }

    @Test
    void twoDemosOnARedisClusterShareChatAndDm(@TempDir Path dir) throws Exception {
        try (RedisClusterProcesses redis = RedisClusterProcesses.start(dir);
             RunningServer one = DemoServer.create("127.0.0.1", 0, line -> { }, RedisCluster.connect(redis.uri()), Set.of()).start();
             RunningServer two = DemoServer.create("127.0.0.1", 0, line -> { }, RedisCluster.connect(redis.uri()), Set.of()).start();
             TestClient alice = TestClient.connect(one.uri());
             TestClient bob = TestClient.connect(two.uri())) {
            String aliceUuid = join(alice, "alice", bob), bobUuid = join(bob, "bob", alice);
            alice.send("@DM #to " + bobUuid + " #text psst");
            bob.assertText("@DM #from " + aliceUuid + " #text psst");
            awaitWho(alice, "@USERS #count 2 #names 'alice, bob'");
        }
    }

    /** {@code client} joins as {@code name}, which {@code other} (on the other node) hears; its uuid. */
    private static String join(TestClient client, String name, TestClient other) throws Exception {
        client.send("@JOIN #name " + name);
        String uuid = Message.parse(client.take()).params().require("uuid");
        other.assertText("@JOINED #name " + name + " #uuid " + uuid);
        return uuid;
    }

    /** @WHO reads presence, written a moment after the join: ask until it has caught up. */
    private static void awaitWho(TestClient client, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String last;
        do {
            client.send("@WHO");
            last = client.take();
            if (last.equals(expected)) return;
            Thread.sleep(250); // @WHO is limited to 5 a second
        } while (System.nanoTime() < deadline);
        assertThat(last).isEqualTo(expected);
    }
}
