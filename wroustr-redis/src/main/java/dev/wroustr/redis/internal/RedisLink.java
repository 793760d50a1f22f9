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
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
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

    private final String nodeId;
    private final long timeoutMillis;
    private final RedisURI redisUri;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final StatefulRedisConnection<String, String> publishing;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final Publisher publisher;
    private final AtomicBoolean writeFailed = new AtomicBoolean();
    private final LongAdder failures = new LongAdder();
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    /** @throws WroustrException if Redis cannot be reached */
    RedisLink(String uri, Duration timeout, String nodeId) {
        this.nodeId = nodeId;
        this.timeoutMillis = timeout.toMillis();
        this.redisUri = RedisURI.create(uri);
        // Lettuce's own limit is generous; a handler waits only `timeout` (see query), while the
        // lease's thread and the start may wait for a busy Redis longer.
        redisUri.setTimeout(SLOW);
        this.client = RedisClient.create(redisUri);
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
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw new WroustrException("cannot reach Redis at " + uri + ": " + e.getMessage(), e);
        }
        this.publisher = new Publisher(publishing, this::failed);
    }

    /** Where Redis is, for the log. */
    String address() {
        return redisUri.getHost() + ":" + redisUri.getPort();
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
    }
}
