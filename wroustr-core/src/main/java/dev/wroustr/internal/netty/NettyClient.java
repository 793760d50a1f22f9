package dev.wroustr.internal.netty;

import dev.wroustr.CloseCodes;
import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.WroustrException;
import dev.wroustr.internal.Exchange;
import dev.wroustr.internal.HandlerExecutors;
import dev.wroustr.internal.Reply;
import dev.wroustr.internal.Requests;
import dev.wroustr.internal.Router;
import dev.wroustr.internal.SerialExecutor;
import dev.wroustr.internal.resume.Receipts;
import dev.wroustr.internal.resume.Resume;
import dev.wroustr.internal.resume.SentLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's connection cycle: connect, run routes, on a drop raise DISCONNECTED and try
 * again after the reconnect policy's delay. Sends made while no connection is open wait, in
 * order, in a bounded queue and go out first on the next connection. One serial executor
 * serves every cycle, so DISCONNECTED always runs before the next CONNECTED.
 */
public final class NettyClient<S> implements Dispatcher, Exchange<Dispatcher> {
    private static final Logger log = LoggerFactory.getLogger(NettyClient.class);

    private final ClientSettings settings;
    private final Router<Dispatcher, S> router;
    private final EventLoopGroup group;
    private volatile Thread networkThread; // the group's one thread, for close() to wait on
    private final ExecutorService ownedExecutor;
    private final SerialExecutor serial;
    // The group has one loop, on which every connection of this client runs, one after another.
    private final LoopHandoff handoff;
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Object lock = new Object();
    private final Heartbeats heartbeats;
    // Guarded by lock:
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private Channel open;
    private OutboundQueue outbound;
    private boolean closing;
    private boolean shuttingDown;
    private int attempt;
    private ScheduledFuture<?> retry;
    private CompletableFuture<Void> connected = new CompletableFuture<>();
    // One table for the client's life: ids go on counting across connections, so a request
    // queued as one connection dropped can never be taken for a newer one.
    private final Requests requests;
    private volatile String uuid;
    // Resume (PROTOCOL.md section 11), guarded by lock: the session the server offered, what was
    // sent on it and not yet acknowledged, and whether it is away (dropped, within its window).
    private String session;
    private long windowMillis;
    private SentLog<byte[]> sentLog;
    private boolean away;
    private ScheduledFuture<?> windowTimer;
    // The network thread's: what arrived on the session, and when to acknowledge it.
    private Receipts receipts = new Receipts(0);
    // Whether the server offered a session, so what arrives is counted: a client the server
    // offers none counts nothing and schedules no acknowledgement.
    private volatile boolean counting;
    private ScheduledFuture<?> ackTimer;
    // The token supplier's, where one is set (PROTOCOL.md section 12); null otherwise.
    private final ClientTokens tokens;

    public NettyClient(ClientSettings settings, Router<Dispatcher, S> router, Executor handlerExecutor,
            ExecutorService ownedExecutor) {
        this.settings = settings;
        this.router = router;
        this.ownedExecutor = ownedExecutor;
        this.serial = new SerialExecutor(handlerExecutor);
        ThreadFactory named = new DefaultThreadFactory("wroustr-client", true);
        this.group = Transports.eventLoops(task -> networkThread = named.newThread(task), 1);
        this.handoff = new LoopHandoff(group.next(), handlerExecutor);
        this.heartbeats = new Heartbeats(settings.pingInterval(), settings.idleTimeout());
        this.requests = new Requests(settings.maxPendingRequests(), handlerExecutor);
        this.tokens = settings.tokens() == null ? null : new ClientTokens(settings.tokens(), handlerExecutor, settings.reconnect());
    }

    /** Starts the first attempt. @return completes on the first open connection */
    public CompletableFuture<Void> start() {
        group.execute(() -> attempt());
        return firstConnection;
    }

    /** Completes when a connection is open now, or the next time one opens. */
    public CompletableFuture<Void> connected() {
        synchronized (lock) {
            return connected;
        }
    }

    URI uri() {
        return settings.uri();
    }

    Heartbeats heartbeats() {
        return heartbeats;
    }

    ClientSettings settings() {
        return settings;
    }

    private void attempt() {
        synchronized (lock) {
            if (closing) return;
        }
        if (tokens == null) {
            attempt(null);
            return;
        }
        // Asked anew for every connection, off the network thread: the supplier may block.
        tokens.ask().whenComplete((token, failure) -> group.execute(() -> {
            if (failure != null) {
                failed(failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure);
            } else if (token == null) {
                log.debug("token supplier gave no token: the user is gone, not connecting to {}", settings.uri());
                shutDown(new WroustrException("the token supplier gave no token: the user is gone"));
            } else {
                attempt(token);
            }
        }));
    }

    /** Connects, with {@code token} in the upgrade request where it is not null. */
    private void attempt(String token) {
        synchronized (lock) {
            if (closing) return;
        }
        URI uri;
        java.util.function.Supplier<java.util.Map<String, String>> headers = settings.headers();
        try {
            java.util.Map<String, String> query = settings.query().get();
            if (tokens != null) {
                query = tokens.query(query, token);
                headers = () -> tokens.headers(settings.headers().get(), token);
            }
            uri = Handshakes.withQuery(settings.uri(), withResume(query));
        } catch (RuntimeException e) {
            failed(new WroustrException("cannot build the handshake query: " + e.getMessage(), e));
            return;
        }
        int port = Handshakes.port(uri);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(Transports.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(Math.min(settings.maxOutboundBytes() / 2, 32 * 1024), settings.maxOutboundBytes()))
                .handler(new ClientInitializer<>(this, uri, headers));
        ChannelFuture connect = bootstrap.connect(uri.getHost(), port);
        connect.addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) failed(future.cause());
        });
    }

    /** The application's query, and the session to resume if one is away. */
    private java.util.Map<String, String> withResume(java.util.Map<String, String> query) {
        if (!settings.resume()) return query;
        synchronized (lock) {
            java.util.Map<String, String> all = new java.util.LinkedHashMap<>(query);
            all.put(Resume.OFFER_QUERY, "1");
            if (!away || session == null) return all;
            all.put(Resume.SESSION_QUERY, session);
            all.put(Resume.RECEIVED_QUERY, Long.toString(receipts.count()));
            return all;
        }
    }

    /** Whether a drop now would be resumed: the server offered a session, and it can still resume. */
    boolean resumable() {
        synchronized (lock) {
            return settings.resume() && session != null && !sentLog.overrun() && !closing && settings.reconnect().enabled();
        }
    }

    /** On the network thread: takes an acknowledgement of the server's, which the routes never see. */
    boolean tookProtocol(String text) {
        if (Resume.isAck(text)) {
            synchronized (lock) {
                if (sentLog != null) sentLog.acknowledged(Resume.ackedCount(text));
            }
            return true;
        }
        if (counting && receipts.received()) acknowledge();
        return false;
    }

    /** On the network thread at the end of a read: an acknowledgement goes out at the latest after a delay. */
    void readComplete(Channel channel) {
        if (counting && receipts.unacknowledged() && (ackTimer == null || ackTimer.isDone())) {
            ackTimer = channel.eventLoop().schedule(this::acknowledge, Receipts.DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void acknowledge() {
        synchronized (lock) {
            if (open == null || session == null || !receipts.unacknowledged()) return;
            outbound.writeText(Resume.ack(receipts.acknowledge()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The window of an away session ran out before it resumed: DISCONNECTED, and the next connection is new. */
    private void windowRanOut() {
        synchronized (lock) {
            if (!away) return;
            endSessionLocked();
        }
        requests.failAll();
        serial.execute(() -> router.onDisconnected(this, null, CloseCodes.ABNORMAL, "not resumed: " + Resume.EXPIRED));
    }

    private void endSessionLocked() {
        away = false;
        session = null;
        counting = false;
        if (sentLog != null) sentLog.clear();
        sentLog = null;
        receipts = new Receipts(0);
        if (windowTimer != null) windowTimer.cancel(false);
        windowTimer = null;
    }

    /** The TCP connect or the handshake failed: no CONNECTED was raised, so no DISCONNECTED either. */
    void failed(Throwable cause) {
        log.debug("connection to {} failed: {}", settings.uri(), cause.toString());
        if (tokens != null) tokens.failed(cause);
        String error = AttemptFailures.describe(cause);
        if (!settings.reconnect().enabled()) {
            int failedInARow = attempt + 1;
            serial.execute(() -> router.onConnectFailed(this, error, failedInARow, null));
            shutDown(cause);
            return;
        }
        scheduleRetry(error);
    }

    /** @param error why the attempt failed, for CONNECT-FAILED; null when it did not fail (a resume's restart) */
    private void scheduleRetry(String error) {
        Duration delay;
        int failedInARow;
        synchronized (lock) {
            if (closing) return;
            attempt++;
            failedInARow = attempt;
            delay = settings.reconnect().delay(attempt);
            retry = group.schedule(() -> attempt(), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (error != null) serial.execute(() -> router.onConnectFailed(this, error, failedInARow, delay.toMillis()));
    }

    /**
     * The handshake completed: flush what waited, then raise CONNECTED.
     *
     * @return false if the connector is closing and closed the channel instead
     */
    boolean opened(Channel channel, Welcome welcome) {
        CompletableFuture<Void> nowConnected;
        String welcomedUuid = welcome == null ? null : welcome.uuid();
        boolean resumed;
        String lostWhy = null;
        synchronized (lock) {
            if (closing) {
                channel.writeAndFlush(new CloseWebSocketFrame(CloseCodes.NORMAL, "")).addListener(ChannelFutureListener.CLOSE);
                return false;
            }
            if (welcome != null && welcome.resumed() && !(away && sentLog != null)) {
                // A resume granted after this client's window ran out (the attempt was on its
                // way): the routes were told the session ended. Ending it on the server too, with a
                // close, and starting afresh keeps both sides counting the same messages.
                channel.writeAndFlush(new CloseWebSocketFrame(CloseCodes.NORMAL, "session ended on the client"))
                        .addListener(ChannelFutureListener.CLOSE);
                return false;
            }
            open = channel;
            outbound = new OutboundQueue(channel, (alloc, utf8) -> TextFrames.clientFrame(utf8), null);
            attempt = 0;
            resumed = away && welcome != null && welcome.resumed() && sentLog != null;
            if (resumed) {
                if (windowTimer != null) windowTimer.cancel(false);
                away = false;
                // What the server did not get goes again, first; what it got is let go.
                sentLog.acknowledged(welcome.received());
                java.util.List<byte[]> again = sentLog.after(welcome.received());
                if (again != null) {
                    for (byte[] utf8 : again) outbound.writeText(utf8);
                }
            } else if (away) {
                lostWhy = welcome == null || welcome.why() == null ? Resume.UNKNOWN : welcome.why();
                endSessionLocked();
            }
            uuid = welcomedUuid;
            if (settings.resume() && welcome != null && welcome.session() != null) {
                session = welcome.session();
                counting = true;
                windowMillis = welcome.windowMillis();
                if (sentLog == null) sentLog = new SentLog<>(settings.maxQueuedMessages(), settings.maxOutboundBytes(), b -> b.length, null, null);
            }
            String text;
            // Accepted already when they were queued: they go out whatever the buffer holds.
            while ((text = waiting.poll()) != null) writeLocked(text, true);
            nowConnected = connected;
        }
        log.debug("{} to {}", resumed ? "resumed" : "connected", settings.uri());
        if (tokens != null) tokens.expiresIn(welcome == null ? -1 : welcome.ttlMillis(), channel, this);
        if (lostWhy != null) {
            // The session that was away is gone: its requests with it, and the routes are told.
            requests.failAll();
            String why = lostWhy;
            serial.execute(() -> router.onDisconnected(this, null, CloseCodes.ABNORMAL, "not resumed: " + why));
        }
        if (resumed) {
            serial.execute(() -> router.onResumed(this, welcomedUuid));
            nowConnected.complete(null);
            return true;
        }
        // The server's uuid, where it sent one, is CONNECTED's "uuid" param.
        serial.execute(() -> router.onConnected(this, welcomedUuid));
        nowConnected.complete(null);
        firstConnection.complete(null);
        return true;
    }

    /** The inbound queue of a connection that just opened: its messages reach the routes through it. */
    InboundQueue inbound(Channel channel) {
        return new InboundQueue(channel, serial, handoff, settings.maxQueuedMessages(), settings.maxQueuedBytes(),
                new java.util.concurrent.atomic.AtomicLong(), Long.MAX_VALUE, text -> router.onText(text, this, null, this));
    }

    /** An open connection closed: raise DISCONNECTED and try again unless closing. */
    void closedAfterOpen(Channel channel, int code, String reason) {
        if (tokens != null) {
            tokens.closed(channel);
            if (code == CloseCodes.CREDENTIALS_EXPIRED || code == CloseCodes.CREDENTIALS_REFUSED) tokens.staleNow();
        }
        boolean retryNow;
        synchronized (lock) {
            if (open == channel) {
                open = null;
                outbound = null;
            }
            connected = new CompletableFuture<>();
            retryNow = !closing && settings.reconnect().enabled();
            // A drop (no close frame, or a going-away) of a session that can resume: the
            // application sees nothing unless the window runs out or the resume fails.
            if (retryNow && settings.resume() && session != null && !sentLog.overrun()
                    && (code == CloseCodes.ABNORMAL || code == CloseCodes.GOING_AWAY)) {
                away = true;
                windowTimer = group.schedule(this::windowRanOut, windowMillis, TimeUnit.MILLISECONDS);
            }
            if (away) {
                log.debug("dropped from {} ({} {}): resuming", settings.uri(), code, reason);
                scheduleRetry(null);
                return;
            }
            endSessionLocked();
            uuid = null;
        }
        requests.failAll();
        log.debug("disconnected from {}: {} {}", settings.uri(), code, reason);
        serial.execute(() -> router.onDisconnected(this, null, code, reason));
        if (retryNow) {
            scheduleRetry(null);
        } else {
            // Closing, or no reconnects: stop only now that DISCONNECTED is queued ahead of the shutdown.
            shutDown(null);
        }
    }

    @Override
    public boolean send(Message message) {
        // Interceptors work on text; without them an open connection takes the message straight
        // into a frame. The read of open outside the lock is a hint only: it is checked again inside.
        if (router.hasOutgoingInterceptors() || open == null) return send(message.toText());
        return sendUtf8(message.toUtf8());
    }

    @Override
    public boolean sendUtf8(byte[] utf8) {
        if (!router.hasOutgoingInterceptors()) {
            synchronized (lock) {
                if (open != null && !closing) {
                    if (outbound.full() || (sentLog != null && sentLog.full())) return false;
                    outbound.writeText(utf8);
                    if (sentLog != null) sentLog.sent(utf8);
                    return true;
                }
            }
        }
        return send(new String(utf8, StandardCharsets.UTF_8));
    }

    @Override
    public boolean send(String text) {
        synchronized (lock) {
            if (closing) return false;
            if (open != null) return writeLocked(text, false);
            // Waiting here counts against the session's log too: each will be kept once written.
            int kept = sentLog == null ? 0 : sentLog.size();
            if (waiting.size() + kept >= settings.maxQueuedMessages()) return false;
            waiting.add(text);
            return true;
        }
    }

    private boolean writeLocked(String text, boolean accepted) {
        // Unacknowledged messages past the session's bound: refused, as the log must keep each.
        if (!accepted && (outbound.full() || (sentLog != null && sentLog.full()))) return false;
        String wire = router.outgoing(text, this, null, serial);
        if (wire == null) return false;
        byte[] utf8 = wire.getBytes(StandardCharsets.UTF_8);
        outbound.writeText(utf8);
        if (sentLog != null) sentLog.sent(utf8);
        return true;
    }

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public boolean reply(Message message) {
        // Not a request: the dispatcher of one (ReplyingDispatcher) answers it instead.
        return send(message);
    }

    @Override
    public CompletableFuture<Message> request(Message message, Duration timeout) {
        Channel channel;
        synchronized (lock) {
            channel = closing ? null : open;
        }
        if (channel == null) return requests.notOpen(message);
        return requests.send(message, timeout, channel.eventLoop(), this::sendUtf8);
    }

    /** On the network thread: takes {@code text} if it is a reply, ahead of the routes (see {@link Router#tookReply}). */
    boolean tookReply(String text) {
        return !router.hasIncomingInterceptors() && router.tookReply(text, requests);
    }

    /** How many replies matched no waiting request and were dropped. */
    public long ignoredReplies() {
        return router.ignoredReplies();
    }

    @Override
    public Requests requestsIfAny() {
        return requests;
    }

    @Override
    public Dispatcher replyingWith(Reply reply) {
        return new ReplyingDispatcher<>(this, reply);
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return open != null && open.isActive() && !closing;
        }
    }

    /** Whether the calling thread runs this client's routes now. */
    public boolean inRoute() {
        return serial.isDraining();
    }

    /**
     * After {@link #closeAsync()} completed: waits up to {@code timeout} for the threads this
     * client made to end. Its network thread has done all its work then, but its termination is
     * announced a moment before the thread itself is gone. Not from a route, which runs on one of them.
     */
    public void awaitThreads(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread thread = networkThread;
        if (thread != null) thread.join(Math.max(1, timeout.toMillis()));
        if (ownedExecutor != null) HandlerExecutors.awaitThreads(ownedExecutor, Math.max(0, deadline - System.nanoTime()));
    }

    /** The token supplier said the user is gone: closes with 1000 and that reason, and reconnects no more. */
    void signedOut() {
        closeAsync(SIGNED_OUT);
    }

    /** The close reason when the token supplier gives no token while connected. */
    public static final String SIGNED_OUT = "signed out: no token";

    /** As {@link #closeAsync()}: safe from a route, since it does not wait. */
    @Override
    public void close() {
        closeAsync();
    }

    /**
     * Stops reconnecting, closes the connection with 1000 and, once DISCONNECTED has run,
     * stops the client's threads. Messages still waiting for a connection are dropped.
     *
     * @return completes when all that is done, the network thread ended and the handler threads
     *     told to end (see {@link #awaitThreads})
     */
    public CompletableFuture<Void> closeAsync() {
        return closeAsync("");
    }

    private CompletableFuture<Void> closeAsync(String reason) {
        Channel channel = null;
        synchronized (lock) {
            if (!closing) {
                closing = true;
                if (retry != null) retry.cancel(false);
                waiting.clear();
                channel = open;
                if (channel != null) {
                    Channel closingChannel = channel;
                    // Set before the close frame goes out: once the channel closes, its event loop may be gone.
                    // A server that never answers the close frame must not hold the client open.
                    closingChannel.eventLoop().schedule(() -> { closingChannel.close(); }, 1, TimeUnit.SECONDS);
                    // After every message sent before close(), which the queue still holds.
                    outbound.writeAndClose(new CloseWebSocketFrame(CloseCodes.NORMAL, reason));
                }
            }
        }
        // No shutDown() on the channel's closeFuture: it completes before channelInactive, so the
        // shutdown could overtake DISCONNECTED. closedAfterOpen calls it, since that channel did open.
        if (channel == null) shutDown(null);
        return closed;
    }

    /** Stops the threads once every queued route, DISCONNECTED included, has run. */
    private void shutDown(Throwable cause) {
        synchronized (lock) {
            closing = true;
            if (retry != null) retry.cancel(false);
            if (shuttingDown) return;
            shuttingDown = true;
        }
        requests.close();
        // After closing is set: whoever wakes on this future finds the connector refusing sends.
        firstConnection.completeExceptionally(cause != null ? cause : new WroustrException("connector closed"));
        // Through the event loop first: a channelInactive already on its way queues DISCONNECTED before this.
        group.execute(() -> serial.execute(() -> {
            // Done once the network thread has ended, not when it is told to: close() promises that.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(terminated -> {
                if (ownedExecutor != null) ownedExecutor.shutdown();
                closed.complete(null);
            });
        }));
    }
}
