package dev.wroustr.internal.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;

/**
 * Pings a peer that has been quiet for a ping interval and reports one that has sent nothing,
 * not even a pong, for the idle timeout, not counting time when this side has stopped reading.
 * Sits first in the pipeline, so any bytes count as a sign of life, pongs and pings included.
 * Idle until {@link #start} (after the handshake); a silent peer is reported as the user event
 * {@link #PEER_SILENT}. The checks are made by its event loop's {@link Heartbeats.Sweep}.
 * On the server it also counts the bytes read for the connection's {@link MessageDeadline}:
 * one handler where there were two, as a server holds one of each per connection.
 */
final class HeartbeatHandler extends ChannelDuplexHandler {
    /** Fired down the pipeline when the peer has been silent for the idle timeout. */
    static final Object PEER_SILENT = new Object() {
        @Override
        public String toString() {
            return "PEER_SILENT";
        }
    };

    private final Heartbeats heartbeats;
    private final MessageDeadline deadline; // null on the client
    private ChannelHandlerContext ctx;
    private long lastReadNanos; // event loop only, as are the fields below
    Heartbeats.Sweep sweep;
    HeartbeatHandler previous;
    HeartbeatHandler next;

    HeartbeatHandler(Heartbeats heartbeats) {
        this(heartbeats, null);
    }

    /** @param deadline the message deadline whose bytes this counts, or null */
    HeartbeatHandler(Heartbeats heartbeats, MessageDeadline deadline) {
        this.heartbeats = heartbeats;
        this.deadline = deadline;
    }

    /** Starts the checks; call on the event loop. */
    void start(ChannelHandlerContext ctx) {
        if (!heartbeats.enabled() || sweep != null || !ctx.channel().isActive()) return;
        this.ctx = ctx;
        lastReadNanos = System.nanoTime();
        heartbeats.add(ctx.executor(), this);
    }

    /** Called by the sweep, on the event loop. */
    void check(long now) {
        if (!ctx.channel().config().isAutoRead()) {
            // This side stopped reading while its handlers catch up: what the peer sends waits
            // unread in the socket, so the silence is ours, and the wait starts afresh after it.
            lastReadNanos = now;
            return;
        }
        long quiet = now - lastReadNanos;
        if (quiet >= heartbeats.idleTimeoutNanos) {
            sweep.remove(this);
            ctx.fireUserEventTriggered(PEER_SILENT);
        } else if (quiet >= heartbeats.pingIntervalNanos) {
            ctx.channel().writeAndFlush(new PingWebSocketFrame());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (deadline != null) {
            deadline.read(ctx, msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sweep != null) sweep.remove(this);
        if (deadline != null) deadline.cancel();
        ctx.fireChannelInactive();
    }
}
