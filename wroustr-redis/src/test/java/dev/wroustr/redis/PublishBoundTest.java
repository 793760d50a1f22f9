package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.server.Cluster;
import dev.wroustr.server.Delivery;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.SessionStore;
import dev.wroustr.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client on node one floods a room whose members are on node two, which reads nothing of what
 * Redis hands it for four seconds (then all of it): node one's publishes wait for room in node
 * two's output buffer, and its client is slowed down, so that Redis never cuts node two's
 * subscription (its limit here is 256 KB), and nothing is lost.
 */
@Timeout(60)
class PublishBoundTest {
    private static final int MESSAGES = 400;
    // 12.8 MB in all: more than the sockets between Redis and node two hold.
    private static final String TEXT = "x".repeat(32 * 1024);

    private final String prefix = "bound-" + UUID.randomUUID() + ":";
    private RedisProcess redis;
    private ClusterNodes cluster;

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start(List.of("--client-output-buffer-limit", "pubsub 262144 131072 60"));
        cluster = new ClusterNodes(redis.uri(), prefix);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
        redis.close();
    }

    @Test
    void aFloodFromOneNodeNeitherCutsNorOutrunsASlowerNodesSubscription() throws Exception {
        // Node two's thread that reads Redis is held, and with it its lease's renewals (Lettuce
        // reads every connection of a node on its few threads): a lease longer than that keeps
        // it in presence, as a node that reads slowly, not one that died.
        RedisCluster twoCluster = cluster.redisCluster().lease(Duration.ofSeconds(10));
        CountDownLatch reading = new CountDownLatch(1);
        // Node one waits for room up to two of its leases: longer than node two is deaf.
        RunningServer one = cluster.start(cluster.redisCluster().lease(Duration.ofSeconds(3))), two = cluster.started(
                // Its member takes the whole flood at once: more than a connection may have waiting by default.
                ClusterNodes.node(deafFor(twoCluster, reading)).maxOutboundBytes(64 << 20));
        try (TestClient flooder = TestClient.connect(one.uri()); TestClient member = TestClient.connect(two.uri())) {
            member.send("@JOIN #room flood");
            member.assertText("@JOINED");
            eventually("node one sees the member", () -> one.toRoom("flood").members().size() == 1);

            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < MESSAGES; i++) flooder.send("@ROOM #room flood #text " + i + TEXT);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            Thread.sleep(4000);
            reading.countDown();
            flood.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < MESSAGES; i++) assertThat(member.take()).isEqualTo("@ROOM-SAID #text " + i + TEXT);
            assertThat(twoCluster.subscriptionDrops()).isZero();
            member.assertExhausted();
        }
    }

    /** {@code cluster}, whose node reads no room send from Redis until {@code reading} opens. */
    private static Cluster deafFor(RedisCluster cluster, CountDownLatch reading) {
        return new Cluster() {
            @Override
            public Delivery start(Delivery local) {
                return cluster.start(new HeldRooms(local, reading));
            }

            @Override
            public SessionStore sessions(SessionStore.Host host, Duration window, int maxMessages) {
                return cluster.sessions(host, window, maxMessages);
            }

            @Override
            public void close() {
                cluster.close();
            }
        };
    }

    /** The local delivery, but a room send from Redis waits, on the thread that reads Redis, until {@code reading} opens. */
    private record HeldRooms(Delivery local, CountDownLatch reading) implements Delivery {
        @Override
        public int sendToRoom(String room, String text, String except) {
            try {
                reading.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return local.sendToRoom(room, text, except);
        }

        @Override
        public boolean sendTo(String uuid, String text) {
            return local.sendTo(uuid, text);
        }

        @Override
        public int broadcast(String text) {
            return local.broadcast(text);
        }

        @Override
        public void opened(String uuid) {
            local.opened(uuid);
        }

        @Override
        public void closed(String uuid, Set<String> rooms) {
            local.closed(uuid, rooms);
        }

        @Override
        public void joined(String uuid, String room) {
            local.joined(uuid, room);
        }

        @Override
        public void left(String uuid, String room) {
            local.left(uuid, room);
        }

        @Override
        public Set<String> connections() {
            return local.connections();
        }

        @Override
        public boolean isOnline(String uuid) {
            return local.isOnline(uuid);
        }

        @Override
        public Set<String> rooms() {
            return local.rooms();
        }

        @Override
        public Set<String> members(String room) {
            return local.members(room);
        }
    }
}
