package dev.wroustr.internal.netty;

import dev.wroustr.server.ServerMetrics;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The copies of broadcast and room frames queued for the network threads and not yet written,
 * across one server. A sender whose fan-out outpaces the network waits here (the server's own
 * backlog is its to pay, not the readers'): its handler is slowed, its messages then queue, and
 * TCP pushes back on its client. A network thread never waits: it is the one that writes.
 */
final class FanOutBacklog {
    // Past this the sender goes on whatever the backlog: the network threads have stopped
    // writing (a fatal error), and a handler must not hang for ever.
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final LongAdder copies = new LongAdder();
    private final int max;
    private final ServerMetrics metrics;

    FanOutBacklog(int max, ServerMetrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    /** Waits, unless on a network thread (ours or a cluster client's), until the backlog is under its bound. */
    void awaitRoom() {
        if (copies.sum() < max || Thread.currentThread() instanceof FastThreadLocalThread) return;
        metrics.fanOutWaited();
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        while (copies.sum() >= max && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(this, POLL_NANOS);
        }
    }

    void queued(int count) {
        copies.add(count);
    }

    void written(int count) {
        copies.add(-count);
    }

    /** The copies waiting now: for tests and metrics. */
    long size() {
        return copies.sum();
    }
}
