package dev.wroustr.spring.internal;

import dev.wroustr.server.Cluster;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.ClassUtils;

/**
 * The server's health: UP while it listens (details: port, connections) and, in a cluster on
 * Redis, while its connections to Redis are up (detail {@code redis}); DOWN before it starts,
 * after it closes, and while Redis is away.
 */
public final class ServerHealthIndicator extends AbstractHealthIndicator {
    private static final boolean REDIS_PRESENT = ClassUtils.isPresent("dev.wroustr.redis.RedisCluster", null);

    private final Server<?> server;
    private final Cluster cluster;

    /** @param cluster the server's cluster, or null */
    public ServerHealthIndicator(Server<?> server, Cluster cluster) {
        super("wroustr health check failed");
        this.server = server;
        this.cluster = cluster;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        RunningServer running = server.running();
        if (running == null || running.isClosed()) {
            builder.down().withDetail("listening", false);
            return;
        }
        builder.up().withDetail("listening", true).withDetail("port", running.port())
                .withDetail("connections", running.connectionCount());
        if (REDIS_PRESENT && cluster != null && RedisSupport.isRedis(cluster)) {
            boolean connected = RedisSupport.connected(cluster);
            builder.withDetail("redis", connected ? "connected" : "unreachable");
            if (!connected) builder.down();
        }
    }
}
