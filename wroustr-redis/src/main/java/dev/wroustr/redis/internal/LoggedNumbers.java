package dev.wroustr.redis.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers of a session's messages that a node delivered from the session's log before their
 * own append's answer or publish came, kept as runs of consecutive numbers: a fill delivers runs,
 * and a node that lags (its Redis replies and publishes thousands of messages behind the log, as
 * under a CPU starved of time) then holds a few runs, not an entry per message. A number leaves
 * when its answer or publish comes, which each message has once: a second arrival of it is another
 * message (a failover gave the number twice). Past {@value #MAX_RUNS} runs the oldest goes.
 */
final class LoggedNumbers {
    private static final int MAX_RUNS = 1024;

    private final TreeMap<Long, Long> runs = new TreeMap<>(); // first number -> last

    void add(long n) {
        Map.Entry<Long, Long> before = runs.floorEntry(n);
        if (before != null && n <= before.getValue()) return;
        boolean joinsBefore = before != null && before.getValue() == n - 1;
        Long lastAfter = runs.get(n + 1);
        if (lastAfter != null) runs.remove(n + 1);
        if (joinsBefore) {
            runs.put(before.getKey(), lastAfter != null ? lastAfter : n);
        } else {
            runs.put(n, lastAfter != null ? lastAfter : n);
            if (runs.size() > MAX_RUNS) runs.pollFirstEntry();
        }
    }

    /** Takes {@code n} out. @return whether it was there */
    boolean remove(long n) {
        Map.Entry<Long, Long> run = runs.floorEntry(n);
        if (run == null || n > run.getValue()) return false;
        long first = run.getKey(), last = run.getValue();
        runs.remove(first);
        if (first < n) runs.put(first, n - 1);
        if (n < last) runs.put(n + 1, last);
        return true;
    }

    int runs() {
        return runs.size();
    }
}
