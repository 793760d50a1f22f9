package dev.wroustr.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A WARN line per key at most once a minute, saying how many were left unsaid: a peer that
 * repeats a mistake thousands of times a second must not flood the log, and a typo in a route
 * name must still show at the default level. The keys are bounded, so a peer inventing route
 * names cannot grow the map.
 */
final class WarnOnce {
    private static final long PERIOD_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_KEYS = 1_000;
    private static final String OTHER = "(other)";

    private final Logger log;
    private final ConcurrentHashMap<String, long[]> lastAndSkipped = new ConcurrentHashMap<>();

    WarnOnce(Logger log) {
        this.log = log;
    }

    /** Logs {@code format} with {@code key} as its first argument, unless {@code key} was logged within the minute. */
    void warn(String key, String format, Object... arguments) {
        if (!log.isWarnEnabled()) return;
        if (lastAndSkipped.size() >= MAX_KEYS && !lastAndSkipped.containsKey(key)) key = OTHER;
        long now = System.nanoTime();
        long[] state = lastAndSkipped.computeIfAbsent(key, k -> new long[] {now - PERIOD_NANOS, 0});
        long skipped;
        synchronized (state) {
            if (now - state[0] < PERIOD_NANOS) {
                state[1]++;
                return;
            }
            state[0] = now;
            skipped = state[1];
            state[1] = 0;
        }
        Object[] all = new Object[arguments.length + 1];
        all[0] = key;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        log.warn(format + (skipped > 0 ? " (" + skipped + " more like it in the last minute)" : ""), all);
    }
}
