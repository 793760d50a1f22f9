package dev.wroustr.internal.netty;

import dev.wroustr.internal.resume.Receipts;
import dev.wroustr.internal.resume.Resume;
import dev.wroustr.internal.resume.Secret;
import dev.wroustr.internal.resume.SentLog;
import dev.wroustr.server.AttributeKey;
import dev.wroustr.server.HandshakeResult;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The resume state of one server connection (PROTOCOL.md section 11): the messages it sent that
 * the client has not acknowledged, what it received, its secret, and whether it is away (its
 * socket gone, the session kept for the window). Its lock orders every send against the moment
 * the socket goes away or comes back, so each message is kept or written, never lost between.
 *
 * <p>A message is kept as the UTF-8 bytes its sender made ({@code byte[]}), framed again only
 * if it must be sent again, or as a retained duplicate of a broadcast's shared frame
 * ({@link ByteBuf}): keeping the bytes costs no reference count, no duplicate and no pooled
 * buffer held until the acknowledgement.
 *
 * <p>A session of this node is its own secret ({@link Secret}: its bits, compared by value), and
 * so its own key in the server's map of sessions.
 */
final class ServerSession extends Secret {
    private final ResumeSettings settings;
    // Made on the first message kept, and the receipts on the first message received: a server
    // holds one session per connection, and an idle one needs neither (some 90 bytes).
    private SentLog<Object> log; // guarded by this
    // What the client sent; owned by the event loop of the socket of the moment, handed over
    // under this lock when the socket changes.
    private Receipts receipts;
    private Map<AttributeKey<?>, Object> identity; // guarded by this
    // The attributes that describe the socket of the moment (HandshakeResult.note): a resume replaces them.
    private Map<AttributeKey<?>, Object> notes; // guarded by this
    // The secret a cluster's session store gave (SharedSession); null for a session of this node, whose secret it is itself.
    private volatile String storeSecret;
    private boolean away; // guarded by this
    private boolean ended; // guarded by this
    private ScheduledFuture<?> expiry; // guarded by this
    private ScheduledFuture<?> ackTimer; // event loop
    private Runnable takeover; // guarded by this: a resume waiting for the socket it replaces to go

    ServerSession(ResumeSettings settings, Map<AttributeKey<?>, Object> identity, Map<AttributeKey<?>, Object> notes) {
        this.settings = settings;
        this.identity = identity == null ? Map.of() : Map.copyOf(identity);
        this.notes = notes == null ? Map.of() : notes;
    }

    /** A refresh attached these: a resume must now come with its identity; its notes are notes, as at a handshake. */
    synchronized void refreshed(HandshakeResult result) {
        // A key is of the kind the last word on it gave it.
        identity = AttributeMaps.merged(AttributeMaps.without(identity, result.notes()),
                AttributeMaps.identity(result.attributes(), result.notes()));
        notes = AttributeMaps.notesAfter(notes, result);
    }

    /** What a resume must match: what the handshake checks attached with {@code with}, as refreshes changed it. */
    synchronized Map<AttributeKey<?>, Object> identity() {
        return identity;
    }

    /** A resume's handshake attached {@code notes}: @return the session's notes until now, which they replace */
    synchronized Map<AttributeKey<?>, Object> renote(Map<AttributeKey<?>, Object> notes) {
        Map<AttributeKey<?>, Object> old = this.notes;
        this.notes = notes;
        return old;
    }

    String secret() {
        String given = storeSecret;
        return given != null ? given : text();
    }

    /** The secret a cluster's session store gave (SharedSession). */
    void secret(String secret) {
        storeSecret = secret;
    }

    /** A session resumed from a cluster's store: the client's messages are counted on from {@code handled}. */
    synchronized void receivedFrom(long handled) {
        receipts = new Receipts(handled);
    }

    /** A new secret for the next resume: each one is good once. */
    String renewSecret() {
        renew();
        return text();
    }

    /** Keeps a message (its UTF-8 bytes, or a whole frame) that went (or, while away, would have gone) on the wire. */
    synchronized void sent(Object message) {
        if (log == null) log = new SentLog<>(settings.maxMessages(), settings.maxBytes(), ServerSession::frameBytes,
                kept -> kept instanceof ByteBuf, ReferenceCountUtil::release);
        log.sent(message);
    }

    /** The bytes a kept message takes on the wire, as its frame. */
    private static int frameBytes(Object message) {
        return message instanceof byte[] utf8 ? TextFrames.frameBytes(utf8.length) : ((ByteBuf) message).readableBytes();
    }

    synchronized void acknowledged(long count) {
        if (log != null) log.acknowledged(count);
    }

    synchronized boolean away() {
        return away;
    }

    /** Why a resume with this identity, having received {@code received}, cannot be; null if it can. */
    synchronized String refusal(Map<AttributeKey<?>, Object> asking, long received) {
        if (ended) return Resume.UNKNOWN;
        if (!Objects.equals(identity, asking == null ? Map.of() : asking)) return Resume.REFUSED;
        if (!keepsAfter(received)) return Resume.OVERRUN;
        return null;
    }

    synchronized boolean overrun() {
        return log != null && log.overrun();
    }

    /** Whether every message after the first {@code received} is kept: with nothing sent yet, only after 0. */
    private boolean keepsAfter(long received) {
        return log == null ? received == 0 : log.keepsAfter(received);
    }

    /** Marks the session away until {@code expiry}; @return a resume that waited for this, or null */
    synchronized Runnable goAway(ScheduledFuture<?> expiry) {
        away = true;
        this.expiry = expiry;
        Runnable waiting = takeover;
        takeover = null;
        return waiting;
    }

    /** Back on a socket: @return the messages the client missed (as {@link #sent} kept them), or null if the log lost some. */
    synchronized List<Object> comeBack(long received) {
        if (expiry != null) expiry.cancel(false);
        expiry = null;
        away = false;
        if (log == null) return received == 0 ? List.of() : null;
        return log.after(received);
    }

    /** A resume that must wait until the socket it replaces has gone: false if it has gone already. */
    synchronized boolean waitForAway(Runnable resume) {
        if (away) return false;
        takeover = resume;
        return true;
    }

    /** The window ran out or the server closes: @return false if the session had resumed or ended meanwhile. */
    synchronized boolean end(boolean onlyIfAway) {
        if (ended || (onlyIfAway && !away)) return false;
        ended = true;
        away = false;
        if (expiry != null) expiry.cancel(false);
        if (log != null) log.clear();
        return true;
    }

    synchronized boolean ended() {
        return ended;
    }

    /** The count of the client's messages received, for the welcome of a resume. */
    synchronized long receivedCount() {
        return receipts == null ? 0 : receipts.count();
    }

    /** On the event loop: counts a message from the client. @return true if an acknowledgement is due now */
    boolean received() {
        if (receipts == null) receipts = new Receipts(0);
        return receipts.received();
    }

    /** On the event loop: the count to acknowledge now, or -1 if nothing new was received. */
    long toAcknowledge() {
        return receipts != null && receipts.unacknowledged() ? receipts.acknowledge() : -1;
    }

    /** On the event loop: whether a message from the client waits to be acknowledged. */
    boolean unacknowledged() {
        return receipts != null && receipts.unacknowledged();
    }

    boolean ackScheduled() {
        return ackTimer != null && !ackTimer.isDone();
    }

    void ackTimer(ScheduledFuture<?> timer) {
        ackTimer = timer;
    }
}
