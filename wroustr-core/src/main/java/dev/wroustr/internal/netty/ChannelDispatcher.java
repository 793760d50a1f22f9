package dev.wroustr.internal.netty;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.internal.Exchange;
import dev.wroustr.internal.RateLimitedConnection;
import dev.wroustr.internal.Reply;
import dev.wroustr.internal.Requests;
import dev.wroustr.internal.Reserved;
import dev.wroustr.internal.Router;
import dev.wroustr.internal.SerialExecutor;
import dev.wroustr.server.AttributeKey;
import dev.wroustr.server.Room;
import dev.wroustr.server.ServerMetrics;
import dev.wroustr.server.ServerDispatcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import dev.wroustr.internal.resume.Receipts;
import dev.wroustr.internal.resume.Resume;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One open server connection: its uuid, channel, serial executor and attributes, and the
 * {@link ServerDispatcher} its routes get. Messages reach the handlers through its
 * {@link InboundQueue} and leave through its {@link OutboundQueue}.
 */
final class ChannelDispatcher<S> implements ServerDispatcher, Exchange<ServerDispatcher>, RateLimitedConnection, Consumer<String> {
    /** How long a close frame may wait behind a full outbound buffer before the socket is cut. */
    static final long CLOSE_GRACE_MILLIS = 5_000;

    private final String uuid;
    // The socket of the moment: a resumed session takes a new one (see ServerSession).
    private volatile Channel channel;
    private final ServerContext<S> server;
    private final Router<ServerDispatcher, S> router;
    private final SerialExecutor serial;
    private volatile OutboundQueue outbound;
    // Made on the first message read (inbound()): an idle connection holds none, 72 bytes less.
    private volatile InboundQueue inbound;
    private final ServerSession session; // null when resume is off
    private final SharedSession shared; // null unless the cluster keeps the session
    // Immutable, copied on each write (under this): attributes are set about once, at the handshake,
    // and a map that takes writes costs each connection some 200 bytes more.
    private volatile Map<AttributeKey<?>, Object> attributes = Map.of();
    // A field updater rather than an AtomicBoolean: a server holds tens of thousands of these.
    @SuppressWarnings("rawtypes") // a class literal of a generic class is raw
    private static final AtomicIntegerFieldUpdater<ChannelDispatcher> CLOSING =
            AtomicIntegerFieldUpdater.newUpdater(ChannelDispatcher.class, "closing");
    private volatile int closing;
    // Made for whoever waits for DISCONNECTED to have run (a shutdown), not for every connection. Guarded by this.
    private CompletableFuture<Void> finished;
    private boolean disconnectedRan; // guarded by this
    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile boolean closedByClient;
    private volatile String closeReason = "";
    // Made on first use, like the attributes: most connections never join a room nor make a request.
    // Guarded by this; once disconnected is set, joins are refused, so no room keeps a closed connection.
    private Set<String> rooms;
    private boolean roomsClosed;
    private volatile Requests requests;
    // Made when credentials expire or are refreshed (guarded by this): most connections' never do.
    private volatile Expiry expiry;

    /**
     * @param session its resume state, or null when resume is off
     * @param handled for a session the cluster keeps, how many of the client's messages were handled (0 for a new one)
     */
    ChannelDispatcher(String uuid, Channel channel, ServerContext<S> server, SerialExecutor serial, ServerSession session, long handled) {
        this.uuid = uuid;
        this.channel = channel;
        this.server = server;
        this.router = server.router();
        this.serial = serial;
        this.session = session;
        this.shared = session == null || server.shared() == null ? null
                : new SharedSession(this, server.shared().store(), uuid, handled, server.settings().resume().window().toMillis());
        this.outbound = outbound(channel);
    }

    private OutboundQueue outbound(Channel on) {
        // A shared session's messages are kept by the store, not in memory.
        return new OutboundQueue(on, TextFrames::serverFrame, server.fanOut(), shared == null ? session : null);
    }

    private InboundQueue inbound(Channel on) {
        InboundQueue queue = new InboundQueue(on, serial, server.handoff(on.eventLoop()),
                server.settings().maxQueuedMessages(), server.settings().maxQueuedBytes(), server.queuedChars(),
                server.settings().maxQueuedBytesTotal(), shared == null ? this : shared.handling(this));
        if (metered()) queue.onPause(metrics()::backpressurePaused);
        return queue;
    }

    /**
     * A message from the client, on the connection's serial executor: to the router. The inbound
     * queue calls this very object (no lambda a connection, which would hold 16 bytes more each).
     */
    @Override
    public void accept(String text) {
        router.onText(text, this, uuid, this);
    }

    // ---- ServerDispatcher ----

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public boolean send(Message message) {
        // Interceptors work on text; without them the message goes straight into the frame.
        if (router.hasOutgoingInterceptors()) return send(message.toText());
        return closing == 0 && writeText(message.toUtf8()) && sent(message.route());
    }

    @Override
    public boolean send(String text) {
        if (closing != 0) return false;
        String wire = router.outgoing(text, this, uuid, serial);
        return wire != null && writeText(wire.getBytes(StandardCharsets.UTF_8)) && sent(text);
    }

    @Override
    public boolean sendTo(String uuid, Message message) {
        return server.delivery().sendTo(uuid, message.toText());
    }

    @Override
    public boolean sendTo(String uuid, String text) {
        return server.delivery().sendTo(uuid, text);
    }

    @Override
    public int broadcast(Message message) {
        return server.delivery().broadcast(message.toText());
    }

    @Override
    public Set<String> connections() {
        return server.delivery().connections();
    }

    @Override
    public boolean isOnline(String uuid) {
        return server.delivery().isOnline(uuid);
    }

    @Override
    public boolean join(String room) {
        Room.checkName(room);
        synchronized (this) {
            if (roomsClosed) return false;
            if (rooms == null) rooms = new HashSet<>(4);
            if (rooms.contains(room)) return false;
            int most = server.settings().maxRoomsPerConnection();
            if (rooms.size() >= most) {
                metrics().roomLimitRefused();
                throw new IllegalStateException("connection " + uuid + " is in " + most + " rooms, the most maxRoomsPerConnection allows: leave one first");
            }
            rooms.add(room);
            // Under the lock: the leave-all on close, which takes it too, comes after.
            server.delivery().joined(uuid, room);
            if (shared != null) shared.store().rooms(uuid, room, true);
            return true;
        }
    }

    @Override
    public boolean leave(String room) {
        synchronized (this) {
            if (rooms == null || !rooms.remove(room)) return false;
            server.delivery().left(uuid, room);
            if (shared != null) shared.store().rooms(uuid, room, false);
            return true;
        }
    }

    @Override
    public synchronized Set<String> rooms() {
        return rooms == null ? Set.of() : Set.copyOf(rooms);
    }

    @Override
    public Room toRoom(String room) {
        return Room.of(server.delivery(), room);
    }

    @Override
    public boolean reply(Message message) {
        // Not a request: the dispatcher of one (RequestDispatcher) answers it instead.
        return send(message);
    }

    @Override
    public CompletableFuture<Message> request(Message message, Duration timeout) {
        Requests table = requests;
        if (table == null) {
            synchronized (this) {
                table = requests;
                if (table == null) requests = table = new Requests(server.settings().maxPendingRequests(), server.handlerExecutor());
            }
        }
        if (closing != 0) table.close();
        return table.send(message, timeout, channel.eventLoop(), this::sendUtf8);
    }

    // ---- Exchange ----

    @Override
    public void refresh(dev.wroustr.Params params, dev.wroustr.internal.Reply reply) {
        expiry().refresh(params.get("token"), reply);
    }

    @Override
    public boolean sendUtf8(byte[] utf8) {
        if (router.hasOutgoingInterceptors()) return send(new String(utf8, StandardCharsets.UTF_8));
        if (closing != 0 || !writeText(utf8)) return false;
        // Replies and requests, counted by their route.
        if (metered()) metrics().messagesOut(new String(utf8, 0, Reserved.routeEnd(utf8), StandardCharsets.UTF_8), 1);
        return true;
    }

    @Override
    public Requests requestsIfAny() {
        return requests;
    }

    @Override
    public ServerDispatcher replyingWith(Reply reply) {
        return new RequestDispatcher(this, reply);
    }

    @Override
    public <T> T attribute(AttributeKey<T> key) {
        return key.type().cast(attributes.get(key));
    }

    @Override
    public <T> void attribute(AttributeKey<T> key, T value) {
        Object checked = value == null ? null : key.type().cast(value);
        synchronized (this) {
            if (checked == null && !attributes.containsKey(key)) return;
            Map<AttributeKey<?>, Object> all = new HashMap<>(attributes);
            if (checked == null) {
                all.remove(key);
            } else {
                all.put(key, checked);
            }
            attributes = Map.copyOf(all);
        }
    }

    @Override
    public boolean isOpen() {
        return closing == 0 && channel.isActive() && (session == null || !session.away());
    }

    @Override
    public void close() {
        close(CloseCodes.NORMAL, "");
    }

    @Override
    public void close(int code, String reason) {
        if (code != CloseCodes.NORMAL && (code < 3000 || code > 4999)) {
            throw new IllegalArgumentException("close code must be 1000 or 3000..4999: " + code);
        }
        Objects.requireNonNull(reason, "reason");
        // A close frame holds at most 125 bytes: two for the code, the rest for the reason.
        if (ByteBufUtil.utf8Bytes(reason) > 123) {
            throw new IllegalArgumentException("close reason over 123 bytes of UTF-8: \"" + reason + "\"");
        }
        closeWith(code, reason);
    }

    /** Closes with any code, the library's own (1001, 1003, 1008, ...) included. */
    void closeWith(int code, String reason) {
        if (session != null && session.away()) {
            // No socket to close: the session ends now, as at the end of its window.
            closeCode = code;
            closeReason = reason;
            end(false);
            return;
        }
        if (!CLOSING.compareAndSet(this, 0, 1)) return;
        closeCode = code;
        closeReason = reason;
        // What it sends from now on would be thrown away: it is not read.
        stopReading();
        outbound.writeAndClose(new CloseWebSocketFrame(code, reason));
        // A peer that stops reading would keep the close frame, and the socket, forever.
        ScheduledFuture<?> cut = channel.eventLoop().schedule(() -> { channel.close(); }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        // Gone with the channel: the task would hold the closed connection, its pipeline and buffers, for the whole grace.
        channel.closeFuture().addListener(closed -> cut.cancel(false));
    }

    // ---- for the pipeline and the delivery ----

    /** Writes text that has passed the outgoing interceptors already (or needs none), in UTF-8. */
    private boolean writeText(byte[] utf8) {
        if (shared != null) return closing == 0 && shared.append(new String(utf8, StandardCharsets.UTF_8));
        if (!writable()) return false;
        if (session == null) {
            outbound.writeText(utf8);
            return true;
        }
        synchronized (session) {
            if (session.ended()) return false;
            if (!session.away()) {
                outbound.writeText(utf8);
                return true;
            }
            session.sent(utf8);
        }
        return keptWhileAway();
    }

    /**
     * A message was kept for a session that is away: past its bound the session cannot resume
     * any more, and ends now rather than take messages it would lose. @return whether it was kept
     */
    private boolean keptWhileAway() {
        if (!session.overrun()) return true;
        closeReason = "resume buffer overrun";
        channel.eventLoop().execute(() -> end(true));
        return false;
    }

    /** Writes a broadcast's shared whole frame ({@link TextFrames#serverFrame}); the caller keeps its own reference. */
    boolean writeShared(ByteBuf frame) {
        if (shared != null) return closing == 0 && shared.append(TextFrames.payloadText(frame));
        if (!writable()) return false;
        if (session == null) {
            outbound.writeShared(frame.retainedDuplicate());
            return true;
        }
        synchronized (session) {
            if (session.ended()) return false;
            if (!session.away()) {
                outbound.writeShared(frame.retainedDuplicate());
                return true;
            }
            session.sent(frame.retainedDuplicate());
        }
        return keptWhileAway();
    }

    /** Whether a frame may be queued: see {@link ReaderPace#writable}. */
    private boolean writable() {
        return ReaderPace.writable(this, server.settings());
    }

    boolean closing() {
        return closing != 0;
    }

    /** Bytes queued here for the event loop to write. */
    long outboundWaitingBytes() {
        return outbound.waitingBytes();
    }

    // When the socket last turned unwritable, 0 while it is writable. Written on the event loop.
    volatile long unwritableSince;

    /** Called on the event loop when the channel's writability changes. */
    void writabilityChanged(boolean writable) {
        ReaderPace.writabilityChanged(this, server.settings(), writable);
    }

    /**
     * Closes a connection whose client does not read: at once, as a close frame could not reach
     * it, and nothing more is read from it. DISCONNECTED gets 1008 and the reason.
     */
    void cutSlowReader(String reason) {
        if (!CLOSING.compareAndSet(this, 0, 1)) return;
        closeCode = CloseCodes.POLICY_VIOLATION;
        closeReason = reason;
        metrics().slowConsumerClosed();
        stopReading();
        channel.close();
    }

    /** The peer sent a close frame: answer it and close, keeping the peer's code for DISCONNECTED. */
    void closedByPeer(int code, String reason) {
        closedByClient = true;
        if (CLOSING.compareAndSet(this, 0, 1)) {
            closeCode = code;
            closeReason = reason;
            outbound.writeAndClose(new CloseWebSocketFrame(code == CloseCodes.NO_STATUS ? CloseCodes.NORMAL : code, ""));
        } else {
            channel.close();
        }
    }

    /** The pipeline closed the connection itself (a protocol violation): keep its code for DISCONNECTED. */
    void closedByProtocol(int code, String reason) {
        if (code == CloseCodes.ABNORMAL && session != null) {
            // The socket failed (reset, say): a drop the session outlives. Sends go on being
            // accepted, and are kept when the socket has gone (goAway).
            closeReason = reason;
            return;
        }
        if (CLOSING.compareAndSet(this, 0, 1)) {
            closeCode = code;
            closeReason = reason;
        }
    }

    void connected() {
        // No task for a route that is not there: an idle connection then never wakes a handler thread.
        if (router.hasConnectedRoute()) serial.execute(() -> router.onConnected(this, uuid));
    }

    /** Called on the event loop for every text message. */
    void received(String text) {
        if (session != null) {
            if (Resume.isAck(text)) {
                if (shared != null) shared.clientAcknowledged(Resume.ackedCount(text));
                else session.acknowledged(Resume.ackedCount(text));
                return;
            }
            // A shared session acknowledges what its store has (SharedSession), not what arrived.
            if (session.received() && shared == null) acknowledge();
        }
        Requests table = requests;
        // A reply is taken here, ahead of the handlers, so one blocked on its request gets it.
        if (table != null && !router.hasIncomingInterceptors() && router.tookReply(text, table)) return;
        if (shared != null) shared.queued(session.receivedCount());
        inbound().received(text);
    }

    /** On the event loop: the inbound queue of the socket of the moment, made on the first message. */
    private InboundQueue inbound() {
        InboundQueue queue = inbound;
        if (queue == null) {
            inbound = queue = inbound(channel);
            // A close that came first found no queue to stop (stopReading): this one stops now.
            if (closing != 0) queue.stopReading();
        }
        return queue;
    }

    /** Hands the messages of the read over to the handlers (InboundQueue.readComplete), if any came. */
    private void handOver() {
        InboundQueue queue = inbound;
        if (queue != null) queue.readComplete();
    }

    /** Stops reading the socket for good (InboundQueue.stopReading), queue or none yet. From any thread. */
    private void stopReading() {
        InboundQueue queue = inbound;
        if (queue != null) {
            queue.stopReading();
        } else {
            channel.config().setAutoRead(false);
        }
    }

    /** The protocol's welcome (PROTOCOL.md section 10), first on the connection, past the interceptors: it is not the application's. */
    void welcome(String notResumedWhy) {
        outbound.writeUnlogged(Welcome.fresh(uuid, session == null ? null : session.secret(), windowMillis(), notResumedWhy, expiry));
    }

    /** Writes a frame of the protocol's own, or one sent again on a resume: not kept, not counted. */
    void writeUnlogged(byte[] utf8) {
        outbound.writeUnlogged(utf8);
    }

    /** RESUMED, after every message already queued. */
    void raiseResumed() {
        serial.execute(() -> router.onResumed(this, uuid));
    }

    long windowMillis() {
        return server.settings().resume() == null ? 0 : server.settings().resume().window().toMillis();
    }

    /** When its credentials expire (PROTOCOL.md section 12). */
    Expiry expiry() {
        Expiry made = expiry;
        if (made == null) {
            synchronized (this) {
                made = expiry;
                if (made == null) {
                    expiry = made = new Expiry(this, server);
                    // Made after the end (a refresh that ran late): it must schedule no close.
                    if (roomsClosed) made.cancel();
                }
            }
        }
        return made;
    }

    /** Whether the credentials have expired (a refresh may still come, within the grace). */
    boolean credentialsPassed() {
        Expiry made = expiry;
        return made != null && made.passed();
    }

    /** Called on the event loop at the end of a read. */
    void readComplete() {
        handOver();
        // Only when something waits to be acknowledged: a read of acknowledgements alone needs no timer.
        if (session != null && shared == null && session.unacknowledged() && !session.ackScheduled()) {
            Channel on = channel;
            session.ackTimer(on.eventLoop().schedule(() -> {
                if (channel == on) acknowledge();
            }, Receipts.DELAY_MILLIS, TimeUnit.MILLISECONDS));
        }
    }

    /** The next message of a shared session, in the store's order: written, unless the socket has gone (the store keeps it). */
    void deliverShared(String text) {
        synchronized (session) {
            if (session.away() || session.ended()) return;
            outbound.writeText(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** On the event loop: tells the client how many of its messages arrived, so it lets go of them. */
    private void acknowledge() {
        long count = session.toAcknowledge();
        if (count >= 0) outbound.writeUnlogged(Resume.ack(count).getBytes(StandardCharsets.UTF_8));
    }

    // ---- resume (PROTOCOL.md section 11) ----

    ServerSession session() {
        return session;
    }

    /** Its session as a cluster's store keeps it, or null. */
    SharedSession shared() {
        return shared;
    }

    /**
     * On the event loop, as the socket closes: keeps the session for the resume window instead of
     * ending it, when resume is on and the socket went without a close of the client's or the
     * server's own (a drop, or the idle timeout). @return true if it is kept
     */
    boolean goAway() {
        if (session == null || server.closing()) return false;
        boolean dropped = closeCode == CloseCodes.ABNORMAL || (closeCode == CloseCodes.GOING_AWAY && !closedByClient);
        if (!dropped || session.overrun()) return false;
        Runnable waiting;
        synchronized (session) {
            // A close decided on the server's side (the idle timeout) no longer stands: sends are kept.
            closing = 0;
            // What a shared session's socket did not write, its store has.
            outbound.drainUnwritten(shared == null ? session::sent : io.netty.util.ReferenceCountUtil::release);
            handOver();
            waiting = session.goAway(channel.eventLoop().schedule(() -> end(true),
                    server.settings().resume().window().toNanos(), TimeUnit.NANOSECONDS));
        }
        if (waiting != null) waiting.run();
        if (shared != null) shared.away(serial);
        return true;
    }

    /**
     * Puts the session on {@code on}, the socket of a resume, once its old one has gone (taking
     * over from a socket the server still thinks open: the client saw the drop first). Then
     * {@code ready} runs on {@code on}'s event loop, the welcome says what the server received,
     * and what the client missed goes out before anything new.
     */
    void resumeOn(Channel on, long received, Runnable ready) {
        Runnable resume = () -> on.eventLoop().execute(() -> attach(on, received, ready));
        if (session.waitForAway(resume)) {
            cutForTakeover("session resumed on another connection");
        } else {
            resume.run();
        }
    }

    private void attach(Channel on, long received, Runnable ready) {
        if (!on.isActive()) return;
        synchronized (session) {
            List<Object> missed = session.comeBack(received);
            if (missed == null) {
                on.close();
                return;
            }
            channel = on;
            outbound = outbound(on);
            inbound = null;
            closeCode = CloseCodes.ABNORMAL;
            closeReason = "";
            closedByClient = false;
            outbound.writeUnlogged(Welcome.resumed(uuid, session.renewSecret(), windowMillis(), session.receivedCount(), expiry));
            // The log keeps its own until the client acknowledges them.
            for (Object message : missed) outbound.writeUnlogged(message instanceof ByteBuf frame ? frame.retainedDuplicate() : message);
            closing = 0;
        }
        server.sessions().put(session, this);
        ready.run();
        raiseResumed();
    }

    /** Cuts the socket of the moment, keeping the session (its close counts as a drop). */
    private void cutForTakeover(String reason) {
        closeReason = reason;
        channel.close();
    }

    /**
     * The socket closed and is not kept for a resume (resume off, a close of either side's, or
     * overrun): DISCONNECTED runs.
     */
    void endNow() {
        end(false);
    }

    /** The window ran out, or the server closes: DISCONNECTED runs. */
    private void end(boolean onlyIfAway) {
        if (session != null) {
            if (!session.end(onlyIfAway)) return;
            server.sessions().remove(session, this);
        }
        if (shared != null) {
            // Another node may have resumed it meanwhile (the word to let it go did not arrive):
            // then this node lets it go, and DISCONNECTED is that node's to run.
            shared.store().end(uuid).whenComplete((held, failure) -> channel.eventLoop().execute(() -> {
                if (failure == null && !held) shared.letGo();
                else ended();
            }));
            return;
        }
        ended();
    }

    /**
     * This node lets the connection go (SharedSession.letGo): out of its local map and rooms, its
     * socket (if the client left it open) cut. Not closing: a handler still at work on the
     * session's message sends on, to the store. @return the rooms it was in
     */
    Set<String> leaveThisNode() {
        server.local().remove(this);
        Set<String> left = closeRoomsAndTimers();
        stopReading();
        if (channel.isActive()) channel.close();
        return left;
    }

    SerialExecutor serial() {
        return serial;
    }

    /** No more rooms, expiry nor requests for this connection: @return the rooms it was in */
    private Set<String> closeRoomsAndTimers() {
        Set<String> left;
        synchronized (this) {
            // Under the lock that expiry() makes one under: one made later is cancelled as it is made.
            if (expiry != null) expiry.cancel();
            roomsClosed = true;
            left = rooms == null ? Set.of() : rooms;
            rooms = null;
        }
        Requests table = requests;
        if (table != null) table.close();
        return left;
    }

    private void ended() {
        server.local().remove(this);
        server.settings().metrics().connectionClosed(closeCode);
        disconnected();
    }

    /** The connection has ended (see {@link #end}): DISCONNECTED runs after every message already queued. */
    private void disconnected() {
        closing = 1;
        server.delivery().closed(uuid, closeRoomsAndTimers());
        readComplete();
        serial.execute(() -> {
            try {
                router.onDisconnected(this, uuid, closeCode, closeReason);
            } finally {
                CompletableFuture<Void> waiting;
                synchronized (this) {
                    disconnectedRan = true;
                    waiting = finished;
                }
                if (waiting != null) waiting.complete(null);
            }
        });
    }

    Channel channel() {
        return channel;
    }

    /** Whether the calling thread runs this connection's handlers now. */
    boolean inHandler() {
        return serial.isDraining();
    }

    /** Completes when the DISCONNECTED route has run. */
    synchronized CompletableFuture<Void> finished() {
        if (finished == null) {
            finished = new CompletableFuture<>();
            if (disconnectedRan) finished.complete(null);
        }
        return finished;
    }

    void putAttributes(Map<AttributeKey<?>, Object> initial) {
        if (initial.isEmpty()) return;
        synchronized (this) {
            attributes = AttributeMaps.merged(attributes, initial);
        }
    }

    /** A resume's handshake attached {@code notes}: they replace the session's (one it did not attach is gone), so handlers see the client's socket of now. */
    void renote(Map<AttributeKey<?>, Object> notes) {
        Map<AttributeKey<?>, Object> old = session.renote(notes);
        synchronized (this) {
            attributes = AttributeMaps.merged(AttributeMaps.without(attributes, old), notes);
        }
    }

    // ---- rate limits (RateLimiter), on the serial executor only ----

    private long[] rateBuckets;

    @Override
    public long[] rateBuckets() {
        return rateBuckets;
    }

    @Override
    public void rateBuckets(long[] buckets) {
        rateBuckets = buckets;
    }

    @Override
    public void closeRateLimited() {
        closeWith(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
    }

    // ---- metrics ----

    /** The code DISCONNECTED gets. */
    int closeCode() {
        return closeCode;
    }

    private ServerMetrics metrics() {
        return server.settings().metrics();
    }

    private boolean metered() {
        return server.settings().metrics() != ServerMetrics.NONE;
    }

    /** Counts a message sent as raw text, by the word it starts with. Always true. */
    private boolean sent(String text) {
        if (metered()) metrics().messagesOut(routeOf(text), 1);
        return true;
    }

    /** The route of a message's text: the word it starts with. */
    static String routeOf(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }
}
