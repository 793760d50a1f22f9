package dev.wroustr.redis.internal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * Publishes in batches: the thread that finds no batch going out sends its publish, and what
 * other threads add meanwhile, with one flush, on a connection of its own that never flushes by
 * itself. Under load that is one write for many publishes; alone, a publish goes out at once,
 * from the thread that made it, with no hand-off. The command is {@code PUBLISH} on one Redis,
 * {@code SPUBLISH} on a Redis Cluster (where the connection routes each to its channel's shard).
 */
final class Publisher {
    private record Pending(String channel, String message, CompletableFuture<Long> reply) {}

    private final StatefulConnection<String, String> connection;
    private final BiFunction<String, String, RedisFuture<Long>> command;
    private final Runnable onFailure;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    Publisher(StatefulConnection<String, String> connection, BiFunction<String, String, RedisFuture<Long>> command, Runnable onFailure) {
        this.connection = connection;
        this.command = command;
        this.onFailure = onFailure;
        connection.setAutoFlushCommands(false);
    }

    void publish(String channel, String message) {
        queue.add(new Pending(channel, message, null));
        if (draining.compareAndSet(false, true)) drain();
    }

    /** Publishes as {@link #publish} does, and tells how many subscribers Redis handed the message to. */
    CompletableFuture<Long> publishCounted(String channel, String message) {
        CompletableFuture<Long> reply = new CompletableFuture<>();
        queue.add(new Pending(channel, message, reply));
        if (draining.compareAndSet(false, true)) drain();
        return reply;
    }

    private void drain() {
        do {
            Pending next;
            while ((next = queue.poll()) != null) {
                CompletableFuture<Long> reply = next.reply();
                command.apply(next.channel(), next.message()).whenComplete((receivers, failure) -> {
                    if (failure != null) onFailure.run();
                    if (reply != null) reply.complete(failure == null ? receivers : 0L);
                });
            }
            connection.flushCommands();
            draining.set(false);
            // A publish that came after the poll found the queue empty, but before the flag fell.
        } while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }
}
