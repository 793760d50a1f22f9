package dev.wroustr.internal.netty;

import dev.wroustr.internal.resume.HandledWrites;
import dev.wroustr.internal.resume.Receipts;
import dev.wroustr.internal.resume.Resume;
import dev.wroustr.server.SessionStore;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A session whose messages live in the cluster's {@link SessionStore}, so that it resumes on any
 * node (PROTOCOL.md section 11). What is sent to it is appended to the store, which numbers it
 * and hands it, in order, to the node of its socket ({@link SessionStore.Host#deliver}); the count
 * of the client's messages handled is written to the store after each one, down the connection
 * the handler's sends to sessions take, so that a node's death makes at most the message being
 * handled run twice (sends that leave by another way wait for the write: {@link HandledWrites}).
 * The client is acknowledged only what the store has, so it keeps the rest.
 */
final class SharedSession {
    private final ChannelDispatcher<?> connection;
    private final SessionStore store;
    private final String uuid;
    // The receipt number of each message queued for the handlers, in order: a reply taken ahead
    // of the handlers has none, and is counted with the next message handled.
    private final ConcurrentLinkedQueue<Long> numbers = new ConcurrentLinkedQueue<>();
    private final long writeTimeoutMillis;
    private CompletableFuture<?> lastWrite; // the serial executor's
    private long lastCount; // the serial executor's: the count lastWrite writes
    // Set when the socket goes: what waits for the handlers then is not handled here. The store
    // does not count it, the client keeps it (it was not acknowledged) and sends it again on
    // the resume, wherever that is; so the session is free for a resume at once.
    private volatile boolean stopped;
    private long persisted; // guarded by this
    private long acknowledged; // guarded by this
    private ScheduledFuture<?> ackTimer; // guarded by this

    SharedSession(ChannelDispatcher<?> connection, SessionStore store, String uuid, long handled, long writeTimeoutMillis) {
        this.connection = connection;
        this.store = store;
        this.uuid = uuid;
        this.persisted = handled;
        this.acknowledged = handled;
        this.writeTimeoutMillis = writeTimeoutMillis;
    }

    SessionStore store() {
        return store;
    }

    /** Appends a message to the session (from any node's send): false if the store has no such session. */
    boolean append(String text) {
        return store.append(uuid, text);
    }

    /** On the event loop: a message that goes to the handlers, the {@code number}th of the client's. */
    void queued(long number) {
        numbers.add(number);
    }

    /** The handler of the inbound queue: the write of the last count first, then the message, then its count. */
    Consumer<String> handling(Consumer<String> handler) {
        return text -> {
            if (stopped) {
                numbers.poll();
                return;
            }
            CompletableFuture<?> last = lastWrite;
            if (last != null && last.isCompletedExceptionally()) {
                // The store did not take the last count (Redis away, a failover): written again,
                // and waited for, before this message runs, or every message handled until the
                // store is back would run again on a resume, not only the one being handled.
                write(lastCount);
                if (!connection.channel().eventLoop().inEventLoop()) awaitLastWrite(); // a handler run inline does not hold its network thread
            } else if (last != null && !last.isDone()) {
                // Not waited for here: see HandledWrites.
                HandledWrites.pending(last, writeTimeoutMillis);
            }
            try {
                handler.accept(text);
            } finally {
                HandledWrites.clear();
                Long number = numbers.poll();
                if (number != null) write(number);
            }
        };
    }

    private void write(long count) {
        lastCount = count;
        lastWrite = store.handled(uuid, count).toCompletableFuture()
                .whenComplete((done, failure) -> { if (failure == null) persisted(count); });
    }

    /** On the serial executor. A store that does not answer in time holds no handler up for longer. */
    private void awaitLastWrite() {
        CompletableFuture<?> last = lastWrite;
        if (last == null || last.isDone()) return;
        try {
            last.get(writeTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Counted by the store; the count is written again with the next message.
        }
    }

    /** The store has the first {@code count} handled: acknowledged after {@link Receipts#EVERY}, or a moment later. */
    private void persisted(long count) {
        boolean now;
        synchronized (this) {
            if (count <= persisted) return;
            persisted = count;
            now = persisted - acknowledged >= Receipts.EVERY;
            if (!now && ackTimer == null) {
                ackTimer = connection.channel().eventLoop().schedule(this::acknowledge, Receipts.DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        if (now) acknowledge();
    }

    /** Tells the client how many of its messages the store has as handled, so it lets go of them. */
    private void acknowledge() {
        long count;
        synchronized (this) {
            if (ackTimer != null) ackTimer.cancel(false);
            ackTimer = null;
            if (persisted <= acknowledged) return;
            acknowledged = count = persisted;
        }
        connection.writeUnlogged(Resume.ack(count).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * On the event loop, for a session the store resumed here: the welcome, what the client
     * missed, its rooms joined again, then the store's deliveries, then RESUMED.
     */
    void resumed(SessionStore.Claim claim) {
        connection.writeUnlogged(Welcome.resumed(uuid, connection.session().secret(), connection.windowMillis(), claim.handled(), connection.expiry()));
        for (String missed : claim.missed()) connection.writeUnlogged(missed.getBytes(StandardCharsets.UTF_8));
        for (String room : claim.rooms()) connection.join(room);
        store.resumed(uuid);
        connection.raiseResumed();
    }

    /** Another node resumed the session: it ends here without DISCONNECTED. */
    void release() {
        if (connection.session().end(false)) letGo();
    }

    /** The session goes on elsewhere: this node lets it go, its rooms left here only. */
    void letGo() {
        store.released(uuid, connection.leaveThisNode());
        // After the handlers of what arrived: the store then knows what they handled.
        away(connection.serial());
        connection.serial().execute(() -> connection.finished().complete(null));
    }

    /** The client acknowledged {@code count}: the store lets go of them. */
    void clientAcknowledged(long count) {
        if (count > 0) store.acknowledged(uuid, count);
    }

    /** The socket went: once the handler at work is done, the store marks the session away; what waits is left to the resume. */
    void away(dev.wroustr.internal.SerialExecutor serial) {
        stopped = true;
        serial.execute(() -> {
            awaitLastWrite();
            store.away(uuid);
        });
    }
}
