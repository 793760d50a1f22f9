package dev.wroustr.redis.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The messages of one session held on this node, put back in the order their numbers say: they
 * arrive from appends of this node and publishes of others, which may cross, and a publish may
 * be lost. A gap that lasts is filled from the session's log ({@link Sessions}). Until the
 * session is on its socket (a resume writes what the client missed first), it only keeps.
 */
final class SessionOrder {
    private final TreeMap<Long, String> waiting = new TreeMap<>();
    private long next;
    private boolean active;
    private long gapSince; // System.nanoTime() when the oldest waiting message arrived, 0 when none waits

    /** @param next the number of the first message to deliver */
    SessionOrder(long next, boolean active) {
        this.next = next;
        this.active = active;
    }

    /** Message {@code seq}: delivered now if it is the next, kept if it comes early, dropped if delivered already. */
    synchronized void offer(long seq, String text, Consumer<String> deliver) {
        if (seq < next) return;
        if (!active || seq != next) {
            if (waiting.isEmpty()) gapSince = System.nanoTime();
            waiting.putIfAbsent(seq, text);
            return;
        }
        deliver.accept(text);
        next++;
        drain(deliver);
    }

    /** Delivers from now on, what waits first. */
    synchronized void activate(Consumer<String> deliver) {
        active = true;
        drain(deliver);
    }

    private void drain(Consumer<String> deliver) {
        while (!waiting.isEmpty()) {
            Map.Entry<Long, String> first = waiting.firstEntry();
            if (first.getKey() < next) {
                waiting.pollFirstEntry();
            } else if (first.getKey() == next) {
                waiting.pollFirstEntry();
                deliver.accept(first.getValue());
                next++;
            } else {
                break;
            }
        }
        gapSince = waiting.isEmpty() ? 0 : System.nanoTime();
    }

    /** The number of the next message to deliver: a fill reads the log from there. */
    synchronized long next() {
        return next;
    }

    /** Whether a message has waited for an earlier one longer than {@code nanos}. */
    synchronized boolean gapOlderThan(long nanos) {
        return active && gapSince != 0 && System.nanoTime() - gapSince > nanos;
    }
}
