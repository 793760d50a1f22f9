package dev.wroustr.spring.internal;

import dev.wroustr.redis.RedisCluster;
import dev.wroustr.server.Cluster;
import dev.wroustr.spring.WroustrProperties;

/** What the starter does with wroustr-redis, in a class of its own: loaded only where wroustr-redis is. */
public final class RedisSupport {
    private RedisSupport() {}

    static boolean isRedis(Cluster cluster) {
        return cluster instanceof RedisCluster;
    }

    static boolean connected(Cluster cluster) {
        return ((RedisCluster) cluster).isConnected();
    }

    /** The cluster {@code wroustr.redis.*} describe. */
    public static Cluster cluster(WroustrProperties.Redis redis) {
        RedisCluster cluster = RedisCluster.connect(redis.uri());
        if (redis.keyPrefix() != null) cluster.keyPrefix(redis.keyPrefix());
        if (redis.lease() != null) cluster.lease(redis.lease());
        if (redis.timeout() != null) cluster.timeout(redis.timeout());
        return cluster;
    }
}
