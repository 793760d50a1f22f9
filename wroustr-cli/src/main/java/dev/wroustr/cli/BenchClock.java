package dev.wroustr.cli;

/**
 * The phases of a bench run, in {@link System#nanoTime()} units, shared by every connection.
 * Set once by {@link Bench} when all connections are open, before any connection sends.
 * A request counts when it was sent (or, at a fixed rate, meant to be sent) in
 * {@code [measureStart, measureEnd)}; nothing is sent from {@code measureEnd} on.
 */
final class BenchClock {
    volatile long start;
    volatile long measureStart;
    volatile long measureEnd;
    /** Set when the run closes its connections, so a close is not counted as an error. */
    volatile boolean stopping;

    void begin(long now, long warmupNanos, long durationNanos) {
        measureStart = now + warmupNanos;
        measureEnd = measureStart + durationNanos;
        start = now;
    }

    boolean counts(long sendTime) {
        return sendTime >= measureStart && sendTime < measureEnd;
    }
}
