package dev.wroustr.redis.internal;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * A node's three connections to Redis, whatever its topology: one Redis (or a master behind
 * Sentinel), where channels are classic pub/sub, or a Redis Cluster, where they are sharded
 * ({@code SPUBLISH}/{@code SSUBSCRIBE}) and each reaches only the shard that owns it.
 * {@link RedisLink} waits on them and counts their failures; this says only how they are made.
 */
interface Connections {
    /** Commands for presence and lookups, routed by key in a Redis Cluster. */
    RedisClusterAsyncCommands<String, String> commands();

    /** Publishes in batches on a connection of their own. */
    Publisher publisher();

    /**
     * What Redis says of its pub/sub clients ({@code CLIENT LIST TYPE pubsub}), one reply per
     * master, each asked on the publishing connection after the publishes queued before it.
     */
    CompletionStage<List<String>> subscriberBuffers();

    /** Subscribes channels; completes once Redis confirmed them (a cluster: each shard its own). */
    CompletionStage<Void> subscribe(String... channels);

    CompletionStage<Void> unsubscribe(String... channels);

    /** What arrives on the subscribed channels, on a Lettuce thread: channel, then message. */
    void listen(BiConsumer<String, String> message);

    /** How many subscribers each channel has, as the Redis (or shard) that owns it says. */
    CompletionStage<Map<String, Long>> subscribers(String... channels);

    /**
     * Runs {@code cut} when a subscriber connection drops (Redis cut it, or went away), and
     * {@code back} when one is connected again, before it has subscribed again; on a Lettuce
     * thread, which they must not hold.
     */
    void watchSubscriber(Runnable cut, Runnable back);

    /** Runs {@code down} when a publishing connection drops, and {@code back} when every one that dropped is back; as above. */
    void watchPublishing(Runnable down, Runnable back);

    /** Runs {@code changed} when the cluster's topology changed (a failover, a slot moved); never on one Redis. */
    default void watchTopology(Runnable changed) {}

    /**
     * Whether Lettuce subscribes again by itself, after a reconnection, every channel Redis had
     * confirmed: true on one Redis; false on a Redis Cluster, where a channel whose slot moved
     * (a failover) must be subscribed again at its new owner by this node.
     */
    boolean restoresSubscriptions();

    boolean canPublish();

    boolean isConnected();

    /** Where Redis is, for the log. */
    String address();

    void close();
}
