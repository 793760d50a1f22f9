package dev.wroustr.redis.internal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends in batches: the thread that finds no batch going out sends its command, and what other
 * threads add meanwhile, with one flush, on a connection of its own that never flushes by itself.
 * Under load that is one write for many commands; alone, a command goes out at once, from the
 * thread that made it, with no hand-off (but on a network thread, see {@link #add}). It carries the publishes ({@code PUBLISH} on one Redis,
 * {@code SPUBLISH} on a Redis Cluster, where the connection routes each to its channel's shard)
 * and the commands of a message's path that are sent as often as publishes (resume's appends
 * and handled counts), in the order they were given.
 */
final class Publisher {
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final BiFunction<String, String, RedisFuture<Long>> publish;
    private final Runnable onFailure;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private static final int MAX_BATCH = 512;

    Publisher(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands,
              BiFunction<String, String, RedisFuture<Long>> publish, Runnable onFailure) {
        this.connection = connection;
        this.commands = commands;
        this.publish = publish;
        this.onFailure = onFailure;
        connection.setAutoFlushCommands(false);
    }

    void publish(String channel, String message) {
        add(() -> publish.apply(channel, message).whenComplete((receivers, failure) -> { if (failure != null) onFailure.run(); }));
    }

    /** Publishes as {@link #publish} does, and tells how many subscribers Redis handed the message to (0 when it failed). */
    CompletableFuture<Long> publishCounted(String channel, String message) {
        CompletableFuture<Long> reply = new CompletableFuture<>();
        add(() -> publish.apply(channel, message).whenComplete((receivers, failure) -> {
            if (failure != null) onFailure.run();
            reply.complete(failure == null ? receivers : 0L);
        }));
        return reply;
    }

    /** Sends {@code command} in the next batch; its failures are the caller's to count. */
    <T> CompletableFuture<T> send(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command) {
        return send(() -> command.apply(commands));
    }

    /**
     * Sends what {@code command} sends (on this connection, or on a Redis Cluster's connections
     * to its masters that this one holds) in the next batch, after every publish queued before it:
     * what Redis answers has seen them all ({@link SubscriberRoom}).
     */
    <T> CompletableFuture<T> send(Supplier<? extends CompletionStage<T>> command) {
        CompletableFuture<T> reply = new CompletableFuture<>();
        add(() -> {
            try {
                command.get().whenComplete((value, failure) -> {
                    if (failure != null) reply.completeExceptionally(failure);
                    else reply.complete(value);
                });
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
        });
        return reply;
    }

    private void add(Runnable send) {
        queue.add(send);
        if (!draining.compareAndSet(false, true)) return;
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        // A network thread may be the connection's own, where a flush writes at once, ahead of
        // what other threads' flushes left queued for it: Redis would run the commands out of
        // order. As a task, this batch goes after those.
        if (loop == null) drain();
        else drainLater(loop);
    }

    private void drain() {
        do {
            sendWaiting();
            // A command that came after the poll found the queue empty, but before the flag fell.
        } while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }

    private void drainLater(EventExecutor loop) {
        try {
            loop.execute(() -> {
                sendWaiting();
                // What came meanwhile goes in another task: the thread has replies to read.
                if (!queue.isEmpty() && draining.compareAndSet(false, true)) drainLater(loop);
            });
        } catch (RejectedExecutionException e) {
            drain(); // the thread is shutting down: nothing it queued waits for it any more
        }
    }

    /** A batch, then a flush: a thread that keeps adding cannot hold the batch back for long. */
    private void sendWaiting() {
        for (int n = 0; n < MAX_BATCH; n++) {
            Runnable next = queue.poll();
            if (next == null) break;
            next.run();
        }
        connection.flushCommands();
        draining.set(false);
    }
}
