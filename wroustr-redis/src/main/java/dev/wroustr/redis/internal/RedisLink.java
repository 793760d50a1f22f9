package dev.wroustr.redis.internal;

import dev.wroustr.WroustrException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's connections to Redis (commands, publishes, subscriptions) and the three ways it
 * waits on a command: not at all ({@link #write}), as long as a handler may ({@link #query}),
 * or as long as Redis may take ({@link #await}). Every failure is counted, and logged now and then.
 */
final class RedisLink {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration SLOW = Duration.ofSeconds(5);
    private static final int MAX_QUEUED_COMMANDS = 100_000;
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(500);

    private final String nodeId;
    private final long timeoutMillis;
    private final RedisURI redisUri;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final StatefulRedisConnection<String, String> publishing;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final Publisher publisher;
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
        this.redisUri = RedisURI.create(uri);
        // Lettuce's own limit is generous; a handler waits only `timeout` (see query), while the
        // lease's thread and the start may wait for a busy Redis longer.
        redisUri.setTimeout(SLOW);
        // Lettuce's default waits up to 30 s between reconnections, doubling from 1 ms: a Redis
        // back (or a replica promoted) 2.1 s after the drop would be tried again only at 4.1 s.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, redisUri);
        // While Redis is away a command fails at once instead of waiting in a queue that only
        // grows: a cross-node send says false, and the renewal writes presence again later.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // And a Redis that answers slowly cannot pile up commands without bound either.
                .requestQueueSize(MAX_QUEUED_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(SLOW))
                // Small commands, each waited on: Nagle's algorithm would hold them back.
                .socketOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .build());
        try {
            this.connection = client.connect();
            this.commands = connection.async();
            this.publishing = client.connect();
            this.subscriber = client.connectPubSub();
        } catch (RuntimeException e) {
            close();
            throw new WroustrException("cannot reach Redis at " + uri + ": " + e.getMessage(), e);
        }
        this.publisher = new Publisher(publishing, this::failed);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == publishing) publishingDown = true;
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection != publishing) return;
                publishingBack = System.nanoTime();
                publishingDown = false;
            }
        });
    }

    /** Where Redis is, for the log. */
    String address() {
        if (redisUri.getSentinelMasterId() == null) return redisUri.getHost() + ":" + redisUri.getPort();
        return "master " + redisUri.getSentinelMasterId() + " of sentinels " + redisUri.getSentinels().stream()
                .map(sentinel -> sentinel.getHost() + ":" + sentinel.getPort()).toList();
    }

    /** Commands on the connection for presence and lookups. */
    RedisAsyncCommands<String, String> commands() {
        return commands;
    }

    StatefulRedisPubSubConnection<String, String> subscriber() {
        return subscriber;
    }

    /**
     * Runs {@code cut} when the subscriber connection drops (Redis cut it, or went away), and
     * {@code back} when it is connected again, before Lettuce has subscribed again; both on a
     * Lettuce thread, which they must not hold.
     */
    void watchSubscriber(Runnable cut, Runnable back) {
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == subscriber) cut.run();
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection == subscriber) back.run();
            }
        });
    }

    void publish(String channel, String message) {
        publisher.publish(channel, message);
    }

    /** Publishes, and tells how many subscribers Redis handed the message to (0 when the publish failed). */
    CompletableFuture<Long> publishCounted(String channel, String message) {
        return publisher.publishCounted(channel, message);
    }

    /** Whether a node found in Redis may not hear yet: from the publishing connection's drop until two leases after it is back. */
    boolean unsettled() {
        return publishingDown || System.nanoTime() - publishingBack < settleNanos;
    }

    /** Whether a publish can go out now: false while the publishing connection is down. */
    boolean canPublish() {
        return publishing.isOpen();
    }

    boolean isConnected() {
        return connection.isOpen() && publishing.isOpen() && subscriber.isOpen();
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
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
