package dev.wroustr.internal.netty;

import dev.wroustr.CloseCodes;
import dev.wroustr.internal.Fatal;
import dev.wroustr.internal.RandomPool;
import dev.wroustr.internal.SerialExecutor;
import dev.wroustr.internal.resume.Resume;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import dev.wroustr.server.AttributeKey;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's frames after the upgrade: text goes to its {@link ChannelDispatcher},
 * binary closes with 1003, close frames are answered, and the codes of every close are kept
 * for {@code DISCONNECTED}.
 */
final class ServerFrameHandler<S> extends ChannelInboundHandlerAdapter {
    /** Where Netty's WebSocketServerProtocolHandler keeps a connection's handshaker (its own key, by name). */
    private static final io.netty.util.AttributeKey<WebSocketServerHandshaker> NETTY_HANDSHAKER =
            io.netty.util.AttributeKey.valueOf(WebSocketServerHandshaker.class, "HANDSHAKER");

    private static final Logger log = LoggerFactory.getLogger(ServerFrameHandler.class);

    private final ServerContext<S> server;
    private HeartbeatHandler heartbeat;
    private ChannelDispatcher<S> connection;
    private ScheduledFuture<?> handshakeTimer;
    // What the handshake checks attached, and those of them that are notes, which a resume replaces
    // (the rest is the identity a resume must match: handshakeIdentity()).
    private Map<AttributeKey<?>, Object> handshakeAttributes;
    private Map<AttributeKey<?>, Object> handshakeNotes;
    private java.time.Instant handshakeExpiry;
    private boolean admitted;
    private MessageDeadline messageDeadline;
    // Set once a frame breaks the protocol: the frames after it are dropped unread.
    private boolean failed;

    ServerFrameHandler(ServerContext<S> server) {
        this.server = server;
    }

    ChannelDispatcher<S> connection() {
        return connection;
    }

    /** The gate's timer that cuts a connection whose upgrade takes too long; cancelled at the upgrade. */
    void handshakeTimer(ScheduledFuture<?> timer) {
        handshakeTimer = timer;
    }

    /** The heartbeat that watches the peer's silence, and the deadline that times each message, from the upgrade on. */
    void guards(HeartbeatHandler heartbeat, MessageDeadline deadline) {
        this.heartbeat = heartbeat;
        this.messageDeadline = deadline;
    }

    java.time.Duration messageTimeout() {
        return server.settings().messageTimeout();
    }

    void messageTimedOut() {
        server.settings().metrics().messageTimedOut();
    }

    /** The gate gave this connection a slot of {@code maxConnections}: give it back when it closes. */
    void admitted() {
        admitted = true;
    }

    /** What the handshake checks attached (and which of it are notes), and when the credentials expire (or null), for the connection about to open. */
    void handshakeAttributes(Map<AttributeKey<?>, Object> attributes, Map<AttributeKey<?>, Object> notes, java.time.Instant expiresAt) {
        handshakeAttributes = attributes;
        handshakeNotes = notes;
        handshakeExpiry = expiresAt;
    }

    /** What a resume of the session must match: the handshake's attributes less its notes; null when no check ran. */
    private Map<AttributeKey<?>, Object> handshakeIdentity() {
        return handshakeAttributes == null ? null : AttributeMaps.identity(handshakeAttributes, handshakeNotes == null ? Map.of() : handshakeNotes);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == HeartbeatHandler.PEER_SILENT) {
            if (connection != null) connection.closeWith(CloseCodes.GOING_AWAY, "idle timeout");
            return;
        }
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete complete) {
            if (handshakeTimer != null) handshakeTimer.cancel(false);
            handshakeTimer = null;
            // Netty keeps the handshaker for closing handshakes it answers itself, which this
            // server does not ask it to (handleCloseFrames is off): let it go, with the request's
            // location and subprotocols it holds, some 200 bytes a connection.
            ctx.channel().attr(NETTY_HANDSHAKER).set(null);
            if (ctx.pipeline().get(OneCloseFrameEncoder.NAME) != null) {
                ctx.pipeline().replace(OneCloseFrameEncoder.NAME, OneCloseFrameEncoder.NAME, new OneCloseFrameEncoder());
            }
            boolean welcomed = Handshakes.SUBPROTOCOL.equals(complete.selectedSubprotocol());
            // Only a client that says it can resume is offered a session: no other gets acknowledgements it would not know.
            ResumeSettings resume = ResumeRequest.offered(complete.requestUri()) ? server.settings().resume() : null;
            String notResumedWhy = null;
            if (welcomed && resume != null) {
                ResumeRequest asked = ResumeRequest.of(complete.requestUri());
                if (asked != null && server.shared() != null) {
                    claimThenOpen(ctx, complete, asked);
                    return;
                }
                if (asked != null) {
                    notResumedWhy = resumeOrWhyNot(ctx, asked);
                    if (notResumedWhy == null) {
                        ctx.fireUserEventTriggered(event);
                        return;
                    }
                }
            }
            open(ctx, welcomed, resume, notResumedWhy, null);
        }
        ctx.fireUserEventTriggered(event);
    }

    /**
     * Opens the connection: a new session, or with {@code claim} the session a cluster's store
     * resumed on this node (SharedSession).
     */
    private void open(ChannelHandlerContext ctx, boolean welcomed, ResumeSettings resume, String notResumedWhy, dev.wroustr.server.SessionStore.Claim claim) {
        // Inline, a connection's handlers run on this event loop, as the hand-off calls them.
        SerialExecutor serial = new SerialExecutor(server.settings().inlineHandlers() ? Runnable::run : server.handlerExecutor(), server.fatalHandler());
        Map<AttributeKey<?>, Object> identity = welcomed && resume != null ? handshakeIdentity() : null;
        ServerSession session = welcomed && resume != null ? new ServerSession(resume, identity, handshakeNotes) : null;
        String uuid = claim == null ? RandomPool.uuid().toString() : claim.uuid();
        connection = new ChannelDispatcher<>(uuid, ctx.channel(), server, serial, session, claim == null ? 0 : claim.handled());
        if (session != null && server.shared() != null) {
            if (claim == null) {
                session.secret(server.shared().store().open(uuid, SharedSessions.identity(identity),
                        handshakeExpiry == null ? 0 : handshakeExpiry.toEpochMilli()));
            } else {
                session.secret(claim.secret());
                session.receivedFrom(claim.handled());
                // A resume keeps the session's expiry: its client extends it in band.
                handshakeExpiry = claim.expiresAtMillis() == 0 ? null : java.time.Instant.ofEpochMilli(claim.expiresAtMillis());
            }
        } else if (session != null) {
            server.sessions().put(session, connection);
        }
        if (handshakeAttributes != null) connection.putAttributes(handshakeAttributes);
        handshakeAttributes = null;
        handshakeNotes = null;
        if (handshakeExpiry != null) connection.expiry().expireAt(handshakeExpiry);
        server.local().add(connection);
        server.delivery().opened(connection.uuid());
        if (claim == null) server.settings().metrics().connectionOpened();
        heartbeat.start(ctx.pipeline().context(heartbeat));
        messageDeadline.start();
        if (claim != null) {
            connection.shared().resumed(claim);
        } else {
            // Before CONNECTED can send anything: the welcome comes first on the wire.
            if (welcomed) connection.welcome(notResumedWhy);
            connection.connected();
        }
        // Upgraded as the shutdown began: after the add, so either the shutdown finds this
        // connection or this connection finds the shutdown.
        if (server.closing()) connection.closeWith(CloseCodes.GOING_AWAY, NettyServer.SHUTTING_DOWN);
    }

    /**
     * Asks the cluster's store to resume the session, reading nothing meanwhile; then opens the
     * connection, resumed or new, on the event loop.
     */
    private void claimThenOpen(ChannelHandlerContext ctx, WebSocketServerProtocolHandler.HandshakeComplete complete, ResumeRequest asked) {
        ctx.channel().config().setAutoRead(false);
        server.shared().store().claim(asked.secret(), SharedSessions.identity(handshakeIdentity()), asked.received())
                .whenComplete((claim, failure) -> ctx.channel().eventLoop().execute(() -> {
                    if (failure != null) log.debug("resume failed: the session store did not answer: {}", failure.toString());
                    String why = failure != null ? Resume.UNKNOWN : claim.why();
                    if (!ctx.channel().isActive()) {
                        // The socket went while the store answered: no connection opens. A session
                        // claimed for it had nothing handled here, and waits for the next resume.
                        if (why == null) {
                            server.shared().store().away(claim.uuid());
                            server.shared().store().released(claim.uuid(), java.util.Set.of());
                        }
                        return;
                    }
                    open(ctx, true, server.settings().resume(), why, why == null ? claim : null);
                    ctx.channel().config().setAutoRead(true);
                    ctx.fireUserEventTriggered(complete);
                }));
    }

    /**
     * Resumes the session {@code asked} names on this socket, if it can be. @return null if it
     * resumes, else why not (the welcome of the fresh session says it)
     */
    private String resumeOrWhyNot(ChannelHandlerContext ctx, ResumeRequest asked) {
        // A secret is good once: taken out now, put back only for a resume that was refused.
        @SuppressWarnings("unchecked")
        dev.wroustr.internal.resume.Secret secret = dev.wroustr.internal.resume.Secret.parse(asked.secret());
        ChannelDispatcher<S> session = secret == null ? null : (ChannelDispatcher<S>) server.sessions().remove(secret);
        if (session == null) return Resume.UNKNOWN;
        String why = session.session().refusal(handshakeIdentity(), asked.received());
        if (Resume.REFUSED.equals(why)) {
            // Not the session's owner (the identity the handshake checks attached differs): the session stays its owner's.
            server.sessions().put(session.session(), session);
            return why;
        }
        if (why == null && session.credentialsPassed()) why = Resume.CREDENTIALS_EXPIRED;
        if (why != null) return why;
        // A resume keeps the session's expiry (its client extends it in band), and takes the notes of its own handshake.
        Map<AttributeKey<?>, Object> notes = handshakeNotes == null ? Map.of() : handshakeNotes;
        handshakeAttributes = null;
        handshakeNotes = null;
        handshakeExpiry = null;
        ChannelHandlerContext heartbeatContext = ctx.pipeline().context(heartbeat);
        session.resumeOn(ctx.channel(), asked.received(), () -> {
            // Before RESUMED runs: its handlers see the socket of now.
            session.renote(notes);
            connection = session;
            heartbeat.start(heartbeatContext);
            messageDeadline.start();
        });
        return null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connection == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (failed) return;
            if (msg instanceof TextWebSocketFrame frame) {
                String text = TextFrames.text(frame.content());
                if (text != null) {
                    connection.received(text);
                } else {
                    fail(CloseCodes.INVALID_PAYLOAD, "bytes are not UTF-8");
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                ByteBuf body = close.content();
                // Netty's decoder checks a reason's bytes, but not that its last character is whole.
                if (body.readableBytes() > 2 && TextFrames.text(body.slice(body.readerIndex() + 2, body.readableBytes() - 2)) == null) {
                    fail(CloseCodes.PROTOCOL_ERROR, "malformed close frame");
                } else {
                    connection.closedByPeer(close.statusCode() < 0 ? CloseCodes.NO_STATUS : close.statusCode(), close.reasonText());
                }
            } else if (msg instanceof BinaryWebSocketFrame) {
                fail(CloseCodes.UNSUPPORTED_DATA, "binary messages are not supported");
            } else if (!(msg instanceof PongWebSocketFrame)) {
                log.debug("ignored {} on connection {}", msg.getClass().getSimpleName(), connection.uuid());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void fail(int code, String reason) {
        failed = true;
        connection.closeWith(code, reason);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (connection != null) connection.readComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (connection != null) connection.writabilityChanged(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (admitted) server.release();
        if (connection != null && !connection.goAway()) connection.endNow();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (Fatal.is(cause)) server.fatal(cause);
        if (connection == null) {
            log.debug("closing {} before the upgrade: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // The decoder has sent the close frame itself (1007, 1009, 1002): keep its code.
            connection.closedByProtocol(corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
        } else if (cause instanceof TooLongFrameException) {
            connection.closeWith(CloseCodes.MESSAGE_TOO_BIG, "message over " + server.settings().maxMessageBytes() + " bytes");
        } else if (cause instanceof CorruptedFrameException) {
            connection.closeWith(CloseCodes.PROTOCOL_ERROR, "protocol error");
        } else {
            log.debug("connection {} failed: {}", connection.uuid(), cause.toString());
            connection.closedByProtocol(CloseCodes.ABNORMAL, cause.getClass().getSimpleName());
            ctx.close();
        }
    }
}
