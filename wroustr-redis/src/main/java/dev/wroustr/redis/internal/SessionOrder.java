package dev.wroustr.redis.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The messages of one session held on this node, put back in the order their numbers say: they
 * arrive from appends of this node and publishes of others, which may cross, and a publish may
 * be lost. A gap that lasts is filled from the session's log ({@link SessionRepair}). Until the
 * session is on its socket (a resume writes what the client missed first), it only keeps.
 *
 * <p>A message whose number was delivered already is either the same message again (its
 * publish came after a fill read it from the log) or a new one: Redis gave the number twice,
 * a failover having lost the count's last increments; the caller has that one numbered again.
 * Each message carries its appender's mark besides its number, and the marks of the last
 * {@value #MARKS} numbers delivered are kept: within them, the marks tell. Below them, each
 * append's answer or publish comes once, so the number is the same message only if it was read
 * from the log (those numbers are kept until their answer or publish comes: {@link LoggedNumbers}),
 * or by the resume that brought the session here.
 */
final class SessionOrder {
    static final int MARKS = 64;

    private record Waiting(int mark, String text) {}

    private final TreeMap<Long, Waiting> waiting = new TreeMap<>();
    private int[] marks; // mark of number n at n % MARKS, 0 when not known; made at the first delivery
    private LoggedNumbers fromLog; // numbers delivered from the log whose answer or publish has not come; made at the first
    // The numbers a resume read from the log (what the client missed): their publishes may still
    // come, until a failover (a publish through the master that died never comes).
    private long claimed;
    private long next;
    private boolean active;
    private long gapSince; // System.nanoTime() when the oldest waiting message arrived, 0 when none waits

    /** @param next the number of the first message to deliver */
    SessionOrder(long next, boolean active) {
        this.next = next;
        this.claimed = next - 1;
        this.active = active;
    }

    /**
     * Message {@code seq} with {@code mark}: delivered now if it is the next, kept if it comes
     * early, dropped if it was delivered already.
     *
     * @param logged whether it was read from the log (a fill), not an append's answer or publish
     * @return false if Redis gave its number to another message this node has: the caller has it numbered again
     */
    synchronized boolean offer(long seq, int mark, String text, Consumer<String> deliver, boolean logged) {
        if (seq < next) return logged || mark == 0 || delivered(seq, mark);
        Waiting there = waiting.get(seq);
        if (there != null) return mark == 0 || there.mark == 0 || there.mark == mark;
        if (logged) {
            if (fromLog == null) fromLog = new LoggedNumbers();
            fromLog.add(seq);
        }
        if (!active || seq != next) {
            if (waiting.isEmpty()) gapSince = System.nanoTime();
            waiting.put(seq, new Waiting(mark, text));
            return true;
        }
        delivered(mark, text, deliver);
        drain(deliver);
        return true;
    }

    /** Whether the message {@code seq} delivered is this one (see the class's comment). */
    private boolean delivered(long seq, int mark) {
        if (fromLog != null && fromLog.remove(seq)) return true;
        if (seq >= next - MARKS && marks != null && marks[index(seq)] != 0) return marks[index(seq)] == mark;
        return seq <= claimed;
    }

    private void delivered(int mark, String text, Consumer<String> deliver) {
        deliver.accept(text);
        if (marks == null) marks = new int[MARKS];
        marks[index(next)] = mark;
        next++;
    }

    private static int index(long seq) {
        return (int) (seq % MARKS);
    }

    /** Delivers from now on, what waits first. */
    synchronized void activate(Consumer<String> deliver) {
        active = true;
        drain(deliver);
    }

    private void drain(Consumer<String> deliver) {
        while (!waiting.isEmpty()) {
            Map.Entry<Long, Waiting> first = waiting.firstEntry();
            if (first.getKey() < next) {
                waiting.pollFirstEntry();
            } else if (first.getKey() == next) {
                waiting.pollFirstEntry();
                delivered(first.getValue().mark, first.getValue().text, deliver);
            } else {
                break;
            }
        }
        gapSince = waiting.isEmpty() ? 0 : System.nanoTime();
    }

    /**
     * The messages before {@code to} are gone from Redis (a failover lost them, or the log's bound
     * dropped them): delivery goes on from {@code to}. @return how many numbers were skipped
     */
    synchronized long skipTo(long to, Consumer<String> deliver) {
        if (!active || to <= next) return 0;
        long skipped = to - next;
        next = to;
        drain(deliver);
        return skipped;
    }

    /**
     * Whether this node has had message {@code seq} with {@code mark}: delivered (as far as the
     * marks it keeps tell; older, or not known, counts as had) or waiting.
     */
    synchronized boolean had(long seq, int mark) {
        if (seq < next) return seq < next - MARKS || marks == null || marks[index(seq)] == 0 || marks[index(seq)] == mark;
        Waiting there = waiting.get(seq);
        return there != null && there.mark == mark;
    }

    /** Redis failed over: the resume's publishes in flight went with the master, and a number below it may be given again. */
    synchronized void failedOver() {
        claimed = 0;
    }

    /** The number of the next message to deliver: a fill reads the log from there. */
    synchronized long next() {
        return next;
    }

    /** The number of the first message waiting for an earlier one, or 0 when none waits. */
    synchronized long firstWaiting() {
        return active && !waiting.isEmpty() ? waiting.firstKey() : 0;
    }

    /** The highest number this node has had for the session, delivered or waiting. */
    synchronized long highest() {
        return waiting.isEmpty() ? next - 1 : waiting.lastKey();
    }

    /**
     * What a repair needs, in one consistent view: the next number, the highest, and the marks
     * of the numbers delivered last, oldest first (from {@code next - marks.length}; 0: not known).
     */
    synchronized Delivered snapshot() {
        int known = (int) Math.min(MARKS, next - 1);
        int[] last = new int[known];
        for (int i = 0; i < known; i++) last[i] = marks == null ? 0 : marks[index(next - known + i)];
        return new Delivered(next, waiting.isEmpty() ? next - 1 : waiting.lastKey(), last);
    }

    /** See {@link #snapshot()}. */
    record Delivered(long next, long highest, int[] marks) {}

    /** Whether a message has waited for an earlier one longer than {@code nanos}. */
    synchronized boolean gapOlderThan(long nanos) {
        return active && gapSince != 0 && System.nanoTime() - gapSince > nanos;
    }
}
