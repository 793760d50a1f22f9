package dev.wroustr.internal.resume;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * What one side of a session has sent and the other has not yet acknowledged, numbered in the
 * order it went on the wire (the first is 1), bounded by messages and bytes. Past a bound the
 * log is overrun: what it dropped cannot be sent again, so the session can no longer resume.
 * Not thread-safe: its owner holds a lock around it.
 *
 * @param <T> a message as kept (its frame on the server, its text on the client)
 */
public final class SentLog<T> {
    // Made on the first message kept: a session that never sent anything (an idle one) holds none,
    // and a server holds one log per session.
    private ArrayDeque<T> kept;
    private final int maxMessages;
    private final long maxBytes;
    private final ToIntFunction<T> size;
    private final Consumer<T> release;
    private long sent;
    private long bytes;
    private boolean overrun;

    /**
     * @param size the bytes of a message
     * @param release called for each message the log lets go of (acknowledged, overrun or closed)
     */
    public SentLog(int maxMessages, long maxBytes, ToIntFunction<T> size, Consumer<T> release) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.size = size;
        this.release = release;
    }

    /** Numbers and keeps {@code message}, the next one on the wire. */
    public void sent(T message) {
        sent++;
        if (overrun) {
            release.accept(message);
            return;
        }
        if (kept == null) kept = new ArrayDeque<>(4);
        kept.addLast(message);
        bytes += size.applyAsInt(message);
        if (kept.size() > maxMessages || bytes > maxBytes) {
            overrun = true;
            clear();
        }
    }

    /** The peer has received the first {@code count}: they need not be kept. */
    public void acknowledged(long count) {
        if (kept == null) return;
        long first = sent - kept.size() + 1;
        for (long n = first; n <= Math.min(count, sent) && !kept.isEmpty(); n++) {
            T message = kept.removeFirst();
            bytes -= size.applyAsInt(message);
            release.accept(message);
        }
    }

    /**
     * The messages after the first {@code received}, oldest first, for the peer that got only
     * those: null if the log no longer has them all (overrun, or {@code received} is from before
     * what it keeps or after what it sent).
     */
    public List<T> after(long received) {
        if (!keepsAfter(received)) return null;
        List<T> missed = new ArrayList<>((int) (sent - received));
        if (kept == null) return missed;
        long n = sent - kept.size() + 1;
        for (T message : kept) {
            if (n++ > received) missed.add(message);
        }
        return missed;
    }

    /** Whether one more message would pass a bound: a sender that can be refused should be. */
    public boolean full() {
        return size() >= maxMessages || bytes >= maxBytes;
    }

    /** Whether the log has every message after the first {@code received}: what {@link #after} needs. */
    public boolean keepsAfter(long received) {
        long first = sent - size() + 1;
        return !overrun && received >= first - 1 && received <= sent;
    }

    /** How many messages were sent in all. */
    public long sent() {
        return sent;
    }

    public boolean overrun() {
        return overrun;
    }

    /** Lets go of everything kept. */
    public void clear() {
        if (kept != null) kept.forEach(release);
        kept = null;
        bytes = 0;
    }

    /** How many are kept now: for tests. */
    public int size() {
        return kept == null ? 0 : kept.size();
    }
}
