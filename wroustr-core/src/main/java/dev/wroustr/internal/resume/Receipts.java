package dev.wroustr.internal.resume;

/**
 * What one side of a session has received, and when to acknowledge it: after
 * {@link #EVERY} messages, or once a message has waited {@link #DELAY_MILLIS} unacknowledged.
 * Never a frame per message, unless messages are that far apart. Not thread-safe: the event loop
 * reading the connection owns it.
 */
public final class Receipts {
    /** Acknowledge at least every this many messages. */
    public static final int EVERY = 64;
    /** Acknowledge a message at the latest this long after it arrived. */
    public static final long DELAY_MILLIS = 500;

    private long received;
    private long acknowledged;

    public Receipts(long received) {
        this.received = received;
        this.acknowledged = received;
    }

    /** Counts a message received. @return true if an acknowledgement is due now */
    public boolean received() {
        return ++received - acknowledged >= EVERY;
    }

    /** Whether anything is received and not yet acknowledged. */
    public boolean unacknowledged() {
        return received > acknowledged;
    }

    /** The count to acknowledge now, marked as acknowledged. */
    public long acknowledge() {
        acknowledged = received;
        return received;
    }

    public long count() {
        return received;
    }
}
