package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.assertFullService;
import static dev.wroustr.redis.ClusterNodes.eventually;
import static dev.wroustr.redis.ClusterNodes.joinLobbyThenDm;
import static dev.wroustr.redis.ClusterNodes.onlineUuidOf;
import static dev.wroustr.redis.ClusterNodes.uuidOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.TestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis Sentinel: one master, one replica and three sentinels, real processes, and three nodes.
 * The master is killed; once a sentinel has promoted the replica, every node serves again
 * (DMs, broadcasts, rooms, presence), without a restart.
 */
@Timeout(90)
class SentinelFailoverTest {
    private static final String MASTER = "wroustr";
    private static final Duration DOWN_AFTER = Duration.ofMillis(500);

    @TempDir
    Path dir;

    @Test
    void aMasterKilledMidTrafficIsFollowedToTheReplicaSentinelPromotes() throws Exception {
        List<RedisProcess> sentinels = new ArrayList<>();
        try (RedisProcess master = RedisProcess.start();
             RedisProcess replica = RedisProcess.start(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())))) {
            for (int i = 0; i < 3; i++) sentinels.add(RedisProcess.sentinel(dir, MASTER, master.port(), DOWN_AFTER));
            // A failover needs a replica the sentinels know, and a majority of sentinels that know each other.
            for (RedisProcess sentinel : sentinels) {
                try (RedisClient client = RedisClient.create(sentinel.uri());
                     StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
                    eventually("a sentinel knows the replica and the other sentinels", () -> {
                        Map<String, String> known = connection.sync().master(MASTER);
                        return known.get("num-slaves").equals("1") && known.get("num-other-sentinels").equals("2");
                    });
                }
            }
            String uri = "redis-sentinel://" + String.join(",", sentinels.stream().map(s -> "127.0.0.1:" + s.port()).toList()) + "#" + MASTER;
            try (ClusterNodes cluster = new ClusterNodes(uri, "sentinel-" + UUID.randomUUID() + ":")) {
                RedisCluster redisOne = cluster.redisCluster();
                RunningServer one = cluster.start(redisOne), two = cluster.start(), three = cluster.start();
                try (TestClient alice = TestClient.connect(one.uri()); TestClient bob = TestClient.connect(two.uri());
                     TestClient carol = TestClient.connect(three.uri())) {
                    String aliceUuid = uuidOf(alice), bobUuid = onlineUuidOf(bob, one), carolUuid = onlineUuidOf(carol, one);
                        joinLobbyThenDm(alice, bob, bobUuid);

                    master.stop();
                    long killed = System.nanoTime();
                    // A DM every 20 ms until one crosses again: each answer recorded, and what
                    // reaches bob taken by a thread of its own.
                    Map<String, Long> arrived = new ConcurrentHashMap<>();
                    AtomicBoolean sending = new AtomicBoolean(true);
                    List<String> twice = new CopyOnWriteArrayList<>();
                    Thread receiver = new Thread(() -> {
                        while (true) {
                            try {
                                String dm = bob.take(1);
                                if (arrived.put(dm, System.nanoTime()) != null) twice.add(dm);
                            } catch (AssertionError nothingYet) {
                                if (!sending.get()) return;
                            }
                        }
                    });
                    receiver.start();
                    List<String> accepted = new ArrayList<>(), acceptedUnnoticed = new ArrayList<>();
                    int refused = 0;
                    long lastRefused = killed;
                    for (int i = 0; arrived.isEmpty(); i++) {
                        // Whether node one has seen Redis go (its connections dropped), before the send.
                        boolean noticed = !redisOne.isConnected() || refused > 0;
                        String dm = "@DM #text g" + i;
                        alice.send("@DM #to " + bobUuid + " #text g" + i);
                        if (alice.take().equals("@SENT #ok false")) {
                            refused++;
                            lastRefused = System.nanoTime();
                        } else {
                            (noticed ? accepted : acceptedUnnoticed).add(dm);
                        }
                        Thread.sleep(20);
                        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed)).as("seconds without service").isLessThan(60);
                    }
                    long firstBack = arrived.values().stream().mapToLong(Long::longValue).min().orElseThrow();
                    Thread.sleep(1000); // stragglers
                    sending.set(false);
                    receiver.join();
                    List<String> lostUnnoticed = acceptedUnnoticed.stream().filter(dm -> !arrived.containsKey(dm)).toList();
                    System.out.printf("sentinel failover: %d ms from the kill to a DM crossing again, the last refused at %d ms;"
                                    + " %d DMs refused (false), %d said true, of which %d before node one saw Redis go and %d of those lost%n",
                            TimeUnit.NANOSECONDS.toMillis(firstBack - killed), TimeUnit.NANOSECONDS.toMillis(lastRefused - killed),
                            refused, accepted.size() + acceptedUnnoticed.size(), acceptedUnnoticed.size(), lostUnnoticed.size());
                    // Once node one has seen Redis go, a DM said true is delivered; one said true
                    // before (published to the master as it died) may be lost, and is counted.
                    assertThat(arrived.keySet()).containsAll(accepted);
                    assertThat(twice).as("DMs that came twice").isEmpty();
                    assertThat(redisOne.failures()).isGreaterThanOrEqualTo(lostUnnoticed.size());

                    assertThat(replica.admin().role().get(0)).isEqualTo("master");
                    assertFullService(List.of(one, two, three), List.of(alice, bob, carol), List.of(aliceUuid, bobUuid, carolUuid));
                }
            }
        } finally {
            for (RedisProcess sentinel : sentinels) sentinel.close();
        }
    }
}
