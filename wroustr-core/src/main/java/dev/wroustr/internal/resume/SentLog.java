package dev.wroustr.internal.resume;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * What one side of a session has sent and the other has not yet acknowledged, numbered in the
 * order it went on the wire (the first is 1), bounded by messages and bytes. Past a bound the
 * log is overrun: what it dropped cannot be sent again, so the session can no longer resume.
 * Not thread-safe: its owner holds a lock around it.
 *
 * <p>A ring of the messages with their sizes beside them: an acknowledgement lets go of a run of
 * messages by walking the two arrays, without reading a message it does not have to release (on
 * a busy server, each would be a cache miss: it was sent an acknowledgement ago).
 *
 * @param <T> a message as kept (its text's bytes, or on the server a broadcast's shared frame)
 */
public final class SentLog<T> {
    // Made on the first message kept: a session that never sent anything (an idle one) holds none.
    private Object[] kept;
    // Each kept message's bytes, shifted left by one; the low bit says it must be released.
    private int[] sizes;
    private int head;
    private int count;
    private final int maxMessages;
    private final long maxBytes;
    private final ToIntFunction<T> size;
    private final Predicate<T> owned;
    private final Consumer<T> release;
    private long sent;
    private long bytes;
    private boolean overrun;

    /**
     * @param size the bytes of a message
     * @param owned whether a message holds something to release when the log lets go of it; null: none does
     * @param release called for each owned message the log lets go of (acknowledged, overrun or closed)
     */
    public SentLog(int maxMessages, long maxBytes, ToIntFunction<T> size, Predicate<T> owned, Consumer<T> release) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.size = size;
        this.owned = owned;
        this.release = release;
    }

    /** Numbers and keeps {@code message}, the next one on the wire. */
    public void sent(T message) {
        sent++;
        boolean owns = owned != null && owned.test(message);
        if (overrun) {
            if (owns) release.accept(message);
            return;
        }
        if (kept == null) {
            kept = new Object[4];
            sizes = new int[4];
        } else if (count == kept.length) {
            grow();
        }
        int bytesOf = size.applyAsInt(message);
        int at = (head + count) & (kept.length - 1);
        kept[at] = message;
        sizes[at] = bytesOf << 1 | (owns ? 1 : 0);
        count++;
        bytes += bytesOf;
        if (count > maxMessages || bytes > maxBytes) {
            overrun = true;
            clear();
        }
    }

    /** Doubles the ring, its oldest message first. */
    private void grow() {
        Object[] moreKept = new Object[kept.length * 2];
        int[] moreSizes = new int[kept.length * 2];
        for (int i = 0; i < count; i++) {
            int from = (head + i) & (kept.length - 1);
            moreKept[i] = kept[from];
            moreSizes[i] = sizes[from];
        }
        kept = moreKept;
        sizes = moreSizes;
        head = 0;
    }

    /** The peer has received the first {@code count}: they need not be kept. */
    @SuppressWarnings("unchecked")
    public void acknowledged(long received) {
        if (count == 0) return;
        long first = sent - count + 1;
        long drop = Math.min(received, sent) - first + 1;
        if (drop <= 0) return;
        int mask = kept.length - 1;
        for (int i = 0; i < drop; i++) {
            int at = (head + i) & mask;
            int sizeAndOwned = sizes[at];
            bytes -= sizeAndOwned >>> 1;
            if ((sizeAndOwned & 1) != 0) release.accept((T) kept[at]);
            kept[at] = null;
        }
        head = (int) ((head + drop) & mask);
        count -= (int) drop;
    }

    /**
     * The messages after the first {@code received}, oldest first, for the peer that got only
     * those: null if the log no longer has them all (overrun, or {@code received} is from before
     * what it keeps or after what it sent).
     */
    @SuppressWarnings("unchecked")
    public List<T> after(long received) {
        if (!keepsAfter(received)) return null;
        List<T> missed = new ArrayList<>((int) (sent - received));
        long n = sent - count + 1;
        for (int i = 0; i < count; i++) {
            if (n++ > received) missed.add((T) kept[(head + i) & (kept.length - 1)]);
        }
        return missed;
    }

    /** Whether one more message would pass a bound: a sender that can be refused should be. */
    public boolean full() {
        return count >= maxMessages || bytes >= maxBytes;
    }

    /** Whether the log has every message after the first {@code received}: what {@link #after} needs. */
    public boolean keepsAfter(long received) {
        long first = sent - count + 1;
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
    @SuppressWarnings("unchecked")
    public void clear() {
        for (int i = 0; i < count; i++) {
            int at = (head + i) & (kept.length - 1);
            if ((sizes[at] & 1) != 0) release.accept((T) kept[at]);
        }
        kept = null;
        sizes = null;
        head = 0;
        count = 0;
        bytes = 0;
    }

    /** How many are kept now: for tests. */
    public int size() {
        return count;
    }
}
