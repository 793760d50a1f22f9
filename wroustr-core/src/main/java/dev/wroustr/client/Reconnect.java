package dev.wroustr.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a {@link Connector} tries again after a connection fails or drops. Immutable.
 *
 * <p>{@link #backoff} waits a random time between {@code min} and a cap of twice {@code min}
 * that doubles with each failed attempt up to {@code max} (exponential backoff with jitter), so
 * a server restart does not bring every client back in the same instant, not even for the
 * first retry. A successful connection resets it.
 */
public final class Reconnect {
    private static final Reconnect NEVER = new Reconnect(null, null);

    private final Duration min;
    private final Duration max;

    private Reconnect(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /** Exponential backoff with jitter between {@code min} and {@code max}. */
    public static Reconnect backoff(Duration min, Duration max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero()) throw new IllegalArgumentException("min must be positive: " + min);
        if (max.compareTo(min) < 0) throw new IllegalArgumentException("max " + max + " < min " + min);
        return new Reconnect(min, max);
    }

    /** The default: {@code backoff(250 ms, 30 s)}. */
    public static Reconnect defaults() {
        return backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    }

    /** No reconnection: a failed connect fails the connector's future; a drop ends the connector. */
    public static Reconnect never() {
        return NEVER;
    }

    /** Whether the connector tries again at all; false for {@link #never()}. */
    public boolean enabled() {
        return min != null;
    }

    /**
     * The wait before attempt {@code attempt} (1 for the first retry).
     *
     * @throws IllegalStateException for {@link #never()}
     */
    public Duration delay(int attempt) {
        if (!enabled()) throw new IllegalStateException("reconnection is off");
        long minNanos = min.toNanos();
        long cap = max.toNanos();
        // The cap doubles per attempt from 2 min until max; 40 doublings pass any Duration a caller would use.
        int doublings = Math.min(Math.max(attempt, 1), 40);
        if (minNanos <= (cap >> doublings)) cap = minNanos << doublings;
        long jitter = cap > minNanos ? ThreadLocalRandom.current().nextLong(cap - minNanos + 1) : 0;
        return Duration.ofNanos(minNanos + jitter);
    }

    @Override
    public String toString() {
        return enabled() ? "Reconnect.backoff(" + min + ", " + max + ")" : "Reconnect.never()";
    }
}
