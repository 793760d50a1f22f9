package dev.wroustr.redis.internal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Publishes in batches: the thread that finds no batch going out sends its publish, and what
 * other threads add meanwhile, with one flush, on a connection of its own that never flushes by
 * itself. Under load that is one write for many publishes; alone, a publish goes out at once,
 * from the thread that made it, with no hand-off. The command is {@code PUBLISH} on one Redis,
 * {@code SPUBLISH} on a Redis Cluster (where the connection routes each to its channel's shard).
 */
final class Publisher {

    private final StatefulConnection<String, String> connection;
    private final BiFunction<String, String, RedisFuture<Long>> command;
    private final Runnable onFailure;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    Publisher(StatefulConnection<String, String> connection, BiFunction<String, String, RedisFuture<Long>> command, Runnable onFailure) {
        this.connection = connection;
        this.command = command;
        this.onFailure = onFailure;
        connection.setAutoFlushCommands(false);
    }

    void publish(String channel, String message) {
        add(() -> command.apply(channel, message).whenComplete((receivers, failure) -> {
            if (failure != null) onFailure.run();
        }));
    }

    /** Publishes as {@link #publish} does, and tells how many subscribers Redis handed the message to. */
    CompletableFuture<Long> publishCounted(String channel, String message) {
        CompletableFuture<Long> reply = new CompletableFuture<>();
        add(() -> command.apply(channel, message).whenComplete((receivers, failure) -> {
            if (failure != null) onFailure.run();
            reply.complete(failure == null ? receivers : 0L);
        }));
        return reply;
    }

    /**
     * Sends {@code command} on the publishing connection, after every publish queued before it:
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

    private void add(Runnable issue) {
        queue.add(issue);
        if (draining.compareAndSet(false, true)) drain();
    }

    private void drain() {
        do {
            Runnable next;
            while ((next = queue.poll()) != null) next.run();
            connection.flushCommands();
            draining.set(false);
            // A publish that came after the poll found the queue empty, but before the flag fell.
        } while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }
}
