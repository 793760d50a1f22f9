package dev.wroustr.internal.resume;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The write, still under way, of how many of a session's client messages were handled, in a
 * cluster that keeps sessions: set on the thread that handles the next message. The handled
 * count goes to the store down one ordered connection, with everything the handler sends to
 * sessions, so those need not wait for it; a send that leaves by another way (a publish to a
 * room or to every node) waits for it first, so that a node's death leaves at most the message
 * being handled to be handled again.
 */
public final class HandledWrites {
    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

    private record Pending(CompletableFuture<?> write, long timeoutMillis) {}

    private HandledWrites() {}

    /** The calling thread handles a message while {@code write} is under way. */
    public static void pending(CompletableFuture<?> write, long timeoutMillis) {
        PENDING.set(new Pending(write, timeoutMillis));
    }

    public static void clear() {
        PENDING.remove();
    }

    /** Waits (a bounded time) for the write under way on the calling thread, if any. */
    public static void await() {
        Pending pending = PENDING.get();
        if (pending == null) return;
        PENDING.remove();
        if (pending.write().isDone()) return;
        try {
            pending.write().get(pending.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Counted by the store that failed it.
        }
    }
}
