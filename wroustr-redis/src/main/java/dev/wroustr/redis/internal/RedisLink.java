package dev.wroustr.redis.internal;

import dev.wroustr.WroustrException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's connections to Redis (commands, publishes, subscriptions; {@link Connections} says
 * how they are made for each topology) and the three ways it waits on a command: not at all
 * ({@link #write}), as long as a handler may ({@link #query}), or as long as Redis may take
 * ({@link #await}). Every failure is counted, and logged now and then.
 */
final class RedisLink {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration SLOW = Duration.ofSeconds(5);
    private static final int MAX_QUEUED_COMMANDS = 100_000;
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(500);
    static final String CLUSTER_SCHEME = "redis-cluster://";

    private final String nodeId;
    private final long timeoutMillis;
    private final ClientResources resources;
    private final Connections connections;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final Publisher publisher;
    private volatile PublishCredit credit;
    private final AtomicBoolean writeFailed = new AtomicBoolean();
    private final LongAdder failures = new LongAdder();
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;
    // After the publishing connection was down (Redis restarted, or Sentinel promoted a replica),
    // what Redis says of where uuids live may name a node that does not hear yet: its subscription
    // comes back in its own time, and a node that cannot hear leaves presence only at its next
    // renewal (or when its lease runs out). Until two leases after the connection is back, a
    // sendTo waits for Redis to say that a node heard it.
    private final long settleNanos;
    private volatile boolean publishingDown;
    private volatile long publishingBack;

    /** @throws WroustrException if Redis cannot be reached */
    RedisLink(String uri, Duration timeout, Duration lease, String nodeId) {
        this.nodeId = nodeId;
        this.settleNanos = 2 * lease.toNanos();
        this.publishingBack = System.nanoTime() - settleNanos;
        this.timeoutMillis = timeout.toMillis();
        // Lettuce's default waits up to 30 s between reconnections, doubling from 1 ms: a Redis
        // back (or a replica promoted) 2.1 s after the drop would be tried again only at 4.1 s.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        try {
            this.connections = uri.startsWith(CLUSTER_SCHEME)
                    ? new ClusterConnections(named(seeds(uri), nodeId), resources, options(ClusterClientOptions.builder()), this::failed)
                    : new StandaloneConnections(named(List.of(slow(RedisURI.create(uri))), nodeId).get(0), resources,
                            options(ClientOptions.builder()).build(), this::failed);
        } catch (RuntimeException e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new WroustrException("cannot reach Redis at " + uri + ": " + e.getMessage(), e);
        }
        this.commands = connections.commands();
        this.publisher = connections.publisher();
        connections.watchPublishing(() -> publishingDown = true, () -> {
            publishingBack = System.nanoTime();
            publishingDown = false;
        });
    }

    /** The seeds of a {@code redis-cluster://HOST:PORT,HOST:PORT} URI. */
    static List<RedisURI> seeds(String uri) {
        List<RedisURI> seeds = new ArrayList<>();
        for (String seed : uri.substring(CLUSTER_SCHEME.length()).split(",")) {
            int colon = seed.lastIndexOf(':');
            if (colon <= 0 || colon == seed.length() - 1) throw new IllegalArgumentException("a Redis Cluster seed is HOST:PORT: \"" + seed + "\" in \"" + uri + "\"");
            int port;
            try {
                port = Integer.parseInt(seed.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a Redis Cluster seed's port is a number: \"" + seed + "\" in \"" + uri + "\"");
            }
            seeds.add(slow(RedisURI.create(seed.substring(0, colon), port)));
        }
        return seeds;
    }

    // The other nodes tell this node's subscriber by its name in CLIENT LIST (SubscriberRoom).
    private static List<RedisURI> named(List<RedisURI> uris, String nodeId) {
        for (RedisURI uri : uris) uri.setClientName(SubscriberRoom.CLIENT_NAME + nodeId);
        return uris;
    }

    // Lettuce's own limit is generous; a handler waits only `timeout` (see query), while the
    // lease's thread and the start may wait for a busy Redis longer.
    private static RedisURI slow(RedisURI uri) {
        uri.setTimeout(SLOW);
        return uri;
    }

    private static <B extends ClientOptions.Builder> B options(B builder) {
        // While Redis is away a command fails at once instead of waiting in a queue that only
        // grows: a cross-node send says false, and the renewal writes presence again later.
        builder.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // And a Redis that answers slowly cannot pile up commands without bound either.
                .requestQueueSize(MAX_QUEUED_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(SLOW))
                // Small commands, each waited on: Nagle's algorithm would hold them back.
                .socketOptions(SocketOptions.builder().tcpNoDelay(true).build());
        return builder;
    }

    /** Whether channels are sharded (a Redis Cluster): published with {@code SPUBLISH}. */
    boolean sharded() {
        return !connections.restoresSubscriptions();
    }

    /** Where Redis is, for the log. */
    String address() {
        return connections.address();
    }

    /** Commands on the connection for presence and lookups. */
    RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    /** The subscriber's side: what it subscribes, and what it hears. */
    Connections connections() {
        return connections;
    }

    /**
     * Runs {@code cut} when the subscriber connection drops (Redis cut it, or went away), and
     * {@code back} when it is connected again, before Lettuce has subscribed again; both on a
     * Lettuce thread, which they must not hold.
     */
    void watchSubscriber(Runnable cut, Runnable back) {
        connections.watchSubscriber(cut, back);
    }

    /** How many subscribers {@code channel} has, as Redis (or the shard that owns it) says; 0 when it does not answer. */
    long subscribers(String channel) {
        Long count = await(connections.subscribers(channel)).get(channel);
        return count == null ? 0 : count;
    }

    /** Bounds what this node publishes from now on by what the cluster's subscribers have room for. */
    void bound(PublishCredit credit) {
        this.credit = credit;
    }

    /**
     * Publishes without waiting for Redis, but, off the network threads, maybe for room in the
     * subscribers' output buffers ({@link PublishCredit}).
     */
    void publish(String channel, String message) {
        take(channel, message);
        publisher.publish(channel, message);
    }

    /** The publishing connection's batches, for commands sent as often as publishes. */
    Publisher batch() {
        return publisher;
    }

    /** Publishes, and tells how many subscribers Redis handed the message to (0 when the publish failed). */
    CompletableFuture<Long> publishCounted(String channel, String message) {
        take(channel, message);
        return publisher.publishCounted(channel, message);
    }

    /**
     * Counts a publish that a script makes (resume's append, on one Redis) against the bound,
     * as {@link #publish} counts its own: it may wait for room as they do.
     */
    void publishedByScript(int channelAndMessageChars) {
        take(channelAndMessageChars);
    }

    private void take(String channel, String message) {
        take(message.length() + channel.length());
    }

    private void take(int channelAndMessageChars) {
        PublishCredit bound = credit;
        // What a subscriber's output buffer holds of it: the message, its channel and the reply's framing.
        if (bound != null) bound.take(channelAndMessageChars + 40L);
    }

    /** Whether a node found in Redis may not hear yet: from the publishing connection's drop until two leases after it is back. */
    boolean unsettled() {
        return publishingDown || System.nanoTime() - publishingBack < settleNanos;
    }

    /** Whether a publish can go out now: false while the publishing connection is down. */
    boolean canPublish() {
        return connections.canPublish();
    }

    boolean isConnected() {
        return connections.isConnected();
    }

    long failures() {
        return failures.sum();
    }

    /** A write that nobody waits for: a failure is counted and makes the next renewal write presence again. */
    void write(CompletionStage<?> command) {
        command.whenComplete((result, failure) -> {
            if (failure != null) {
                writeFailed.set(true);
                failed();
            }
        });
    }

    /** Whether a {@link #write} failed since the last call. */
    boolean takeWriteFailure() {
        return writeFailed.getAndSet(false);
    }

    /** A read on a handler's thread: its value, or null (counted) when Redis does not answer in time. */
    <T> T query(CompletionStage<T> command) {
        try {
            return command.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed();
        }
        return null;
    }

    /** For the lease's own thread, and start and close: a failure is thrown. */
    <T> T await(CompletionStage<T> command) {
        try {
            return command.toCompletableFuture().get(SLOW.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WroustrException("interrupted while waiting for Redis", e);
        } catch (Exception e) {
            throw new WroustrException("Redis did not answer: " + e, e);
        }
    }

    void failed() {
        failures.increment();
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_EVERY_NANOS) {
            lastWarning = now;
            log.warn("cluster node {}: Redis commands fail ({} so far); cross-node delivery and presence wait for it", nodeId, failures.sum());
        }
    }

    void close() {
        connections.close();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
