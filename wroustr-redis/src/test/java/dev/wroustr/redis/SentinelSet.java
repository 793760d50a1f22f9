package dev.wroustr.redis;

import static dev.wroustr.redis.ClusterNodes.eventually;

import io.lettuce.core.RedisClient;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Redis Sentinel set of the test's own: one master, one replica and three sentinels, real
 * processes on loopback, ready for a failover (each sentinel knows the replica and the others).
 */
final class SentinelSet implements AutoCloseable {
    static final String MASTER = "wroustr";

    final RedisProcess master;
    final RedisProcess replica;
    private final List<RedisProcess> sentinels = new ArrayList<>();

    private SentinelSet(RedisProcess master, RedisProcess replica) {
        this.master = master;
        this.replica = replica;
    }

    /** @param downAfter how long a master must not answer before the sentinels fail it over */
    static SentinelSet start(Path dir, Duration downAfter) throws Exception {
        RedisProcess master = RedisProcess.start();
        SentinelSet set = new SentinelSet(master, null);
        try {
            set = new SentinelSet(master, RedisProcess.start(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port()))));
            for (int i = 0; i < 3; i++) set.sentinels.add(RedisProcess.sentinel(dir, MASTER, master.port(), downAfter));
            // A failover needs a replica the sentinels know, and a majority of sentinels that know each other.
            for (RedisProcess sentinel : set.sentinels) {
                try (RedisClient client = RedisClient.create(sentinel.uri());
                     StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
                    eventually("a sentinel knows the replica and the other sentinels", () -> {
                        Map<String, String> known = connection.sync().master(MASTER);
                        return known.get("num-slaves").equals("1") && known.get("num-other-sentinels").equals("2");
                    });
                }
            }
            return set;
        } catch (Exception | Error e) {
            set.close();
            throw e;
        }
    }

    /** The set's URI, in Lettuce's Sentinel form. */
    String uri() {
        return "redis-sentinel://" + String.join(",", sentinels.stream().map(s -> "127.0.0.1:" + s.port()).toList()) + "#" + MASTER;
    }

    /** Waits until the sentinels have promoted the replica (it says it is a master). */
    void awaitReplicaPromoted() throws InterruptedException {
        ClusterNodes.eventually("the sentinels promote the replica", () -> {
            try {
                return replica.admin().role().get(0).equals("master");
            } catch (RuntimeException stillStarting) {
                return false;
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisProcess sentinel : sentinels) sentinel.close();
        if (replica != null) replica.close();
        master.close();
    }
}
