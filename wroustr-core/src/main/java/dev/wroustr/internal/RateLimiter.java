package dev.wroustr.internal;

import dev.wroustr.server.RateLimitAction;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets per connection: one per route with a limit of its own, and one that the routes
 * without one share when a default limit is set. Immutable and shared by every connection; the
 * buckets themselves live in each connection ({@link RateLimitedConnection}), made on its first
 * limited message, as one {@code long[]} and nothing more.
 *
 * <p>Each bucket is one long, the time its next message is due if the connection kept exactly
 * to its rate (the generic cell rate algorithm): a message is let through if taking its token
 * would put that time no further than one whole period ahead, so a full bucket allows
 * {@code messages} at once and then one every {@code period / messages}. No allocation and no
 * lock per message: this runs on the connection's serial executor.
 */
public final class RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    /** One limit: {@code messages} per {@code period}. */
    public record Limit(int messages, Duration period) {
        /** The nanoseconds a token takes to come back, at least 1. */
        long interval() {
            return period.toNanos() / messages;
        }
    }

    private final Map<String, Integer> slots = new HashMap<>();
    private final long[] intervals;
    private final long[] periods;
    private final int defaultSlot;
    private final RateLimitAction action;
    private final LongAdder dropped = new LongAdder();
    private final WarnOnce warnings = new WarnOnce(log);

    /**
     * @param routes the limits of single routes
     * @param fallback the limit shared by every other route, or null for none
     */
    public RateLimiter(Map<String, Limit> routes, Limit fallback, RateLimitAction action) {
        int count = routes.size() + (fallback == null ? 0 : 1);
        this.intervals = new long[count];
        this.periods = new long[count];
        int slot = 0;
        for (Map.Entry<String, Limit> entry : routes.entrySet()) {
            slots.put(entry.getKey(), slot);
            set(slot++, entry.getValue());
        }
        this.defaultSlot = fallback == null ? -1 : slot;
        if (fallback != null) set(slot, fallback);
        this.action = action;
    }

    private void set(int slot, Limit limit) {
        intervals[slot] = limit.interval();
        periods[slot] = limit.period().toNanos();
    }

    /**
     * Takes a token for a message to {@code route} on {@code connection}.
     *
     * @return true to run the handler; false if the message is past its limit, in which case
     *     the connection is closed already when the action is {@link RateLimitAction#CLOSE}
     */
    public boolean admit(String route, Object connection) {
        Integer found = slots.get(route);
        int slot = found != null ? found : defaultSlot;
        if (slot < 0) return true;
        RateLimitedConnection limited = (RateLimitedConnection) connection;
        long now = System.nanoTime();
        long[] buckets = limited.rateBuckets();
        if (buckets == null) {
            buckets = new long[intervals.length];
            // Full buckets: "due" now, in nanoTime's own (possibly negative) origin.
            java.util.Arrays.fill(buckets, now);
            limited.rateBuckets(buckets);
        }
        long due = buckets[slot];
        if (due - now < 0) due = now;  // idle for long: no credit beyond a full bucket
        long next = due + intervals[slot];
        if (next - now <= periods[slot]) {
            buckets[slot] = next;
            return true;
        }
        if (action == RateLimitAction.CLOSE) limited.closeRateLimited();
        return false;
    }

    /** Whether a limited message goes to {@code LIMITED} (or is dropped), rather than closing the connection. */
    public boolean reports() {
        return action == RateLimitAction.REPORT;
    }

    /** Counts a limited message nobody took, and says so once a minute per route. */
    public void dropped(String route, String uuid) {
        dropped.increment();
        warnings.warn(route, "rate limit: dropped a message to {} from connection {} ({} dropped so far; register LIMITED to handle them)",
                uuid, dropped.sum());
    }

    /** How many limited messages were dropped with no {@code LIMITED} route to take them. */
    public long droppedMessages() {
        return dropped.sum();
    }
}
