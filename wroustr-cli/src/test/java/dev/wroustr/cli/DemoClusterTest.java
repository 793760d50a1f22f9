package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.redis.RedisCluster;
import dev.wroustr.redis.RedisClusterProcesses;
import dev.wroustr.redis.RedisProcess;
import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.TestClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two demos on one real Redis (and on a Redis Cluster) share chat, @DM, @WHO, names, @LEFT, rooms and their counts, as wroustr demo --redis (--redis-cluster) runs them. */
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

            awaitList(alice, "@WHO", List.of("@USER #uuid " + aliceUuid + " #name alice", "@USER #uuid " + bobUuid + " #name bob",
                    "@USERS #count 2 #names 'alice, bob'"));

            // A name held on the other node gets a suffix here.
            try (TestClient carol = TestClient.connect(two.uri())) {
                carol.send("@JOIN #name alice");
                String carolJoined = carol.take();
                assertThat(carolJoined).startsWith("@JOINED #name 'alice (2)' #uuid ");
                alice.assertText(carolJoined);
                bob.assertText(carolJoined);
            }
            // And its holder's leaving is heard on the other node.
            assertThat(alice.take()).startsWith("@LEFT #name 'alice (2)' #uuid ");
            assertThat(bob.take()).startsWith("@LEFT #name 'alice (2)' #uuid ");

            alice.send("@ROOM-JOIN #room lobby");
            alice.assertText("@ROOM-JOINED #room lobby #members 1");
            bob.send("@ROOM-JOIN #room lobby");
            assertThat(bob.take()).matches("@ROOM-JOINED #room lobby #members [12]");
            awaitList(bob, "@ROOMS", List.of("@ROOM #room lobby #members 2", "@ROOMS #count 1"));
            // Counted across the cluster: alice is on the other node.
            bob.send("@ROOM-SAY #room lobby #text 'across the room'");
            bob.assertText("@ROOM-SENT #room lobby #count 1");
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
            awaitList(alice, "@WHO", List.of("@USER #uuid " + aliceUuid + " #name alice", "@USER #uuid " + bobUuid + " #name bob",
                    "@USERS #count 2 #names 'alice, bob'"));
        }
    }

    @Test
    void theDemoSaysWhichRedisItJoinedWithoutItsPassword() throws Exception {
        URI redis = URI.create(RedisProcess.sharedUri());
        String address = redis.getHost() + ":" + redis.getPort();
        try (DemoProcess demo = DemoProcess.start("--redis", "redis://" + address)) {
            assertThat(demo.nextLine("Redis")).matches("joined the cluster on Redis redis://" + Pattern.quote(address)
                    + "  \\(node [0-9a-f-]{36}; counts and lists span every node\\)");
        }
        assertThat(DemoCommand.withoutPassword("redis://someone:secret@" + address)).isEqualTo("redis://***@" + address);
        assertThat(DemoCommand.withoutPassword("redis-sentinel://:secret@h1:26379,h2:26379#main"))
                .isEqualTo("redis-sentinel://***@h1:26379,h2:26379#main");
    }

    /** {@code client} joins as {@code name}, which {@code other} (on the other node) hears; its uuid. */
    private static String join(TestClient client, String name, TestClient other) throws Exception {
        client.send("@JOIN #name " + name);
        String uuid = Message.parse(client.take()).params().require("uuid");
        other.assertText("@JOINED #name " + name + " #uuid " + uuid);
        return uuid;
    }

    /** Lists read presence, written a moment after a join: ask until they have caught up. */
    private static void awaitList(TestClient client, String ask, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> last;
        do {
            client.send(ask);
            last = new ArrayList<>();
            String summary = expected.get(expected.size() - 1).split(" ")[0];
            do {
                last.add(client.take());
            } while (!last.get(last.size() - 1).startsWith(summary + " "));
            if (last.equals(expected)) return;
            Thread.sleep(250); // @WHO and @ROOMS are limited to 5 a second
        } while (System.nanoTime() < deadline);
        assertThat(last).isEqualTo(expected);
    }
}
