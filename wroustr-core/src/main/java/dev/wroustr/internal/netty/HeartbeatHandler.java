package dev.wroustr.internal.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Pings a peer that has been quiet for a ping interval and reports one that has sent nothing,
 * not even a pong, for the idle timeout. Sits first in the pipeline, so any bytes count as
 * a sign of life, pongs and pings included. Idle until {@link #start} (after the handshake);
 * a silent peer is reported as the user event {@link #PEER_SILENT}.
 */
final class HeartbeatHandler extends ChannelDuplexHandler {
    private final long pingIntervalNanos;
    private final long idleTimeoutNanos;
    private long lastReadNanos = System.nanoTime(); // event loop only
    private ScheduledFuture<?> timer;

    /** Fired down the pipeline when the peer has been silent for the idle timeout. */
    static final Object PEER_SILENT = new Object() {
        @Override
        public String toString() {
            return "PEER_SILENT";
        }
    };

    HeartbeatHandler(Duration pingInterval, Duration idleTimeout) {
        this.pingIntervalNanos = pingInterval.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /** Starts the checks; call on the event loop. A zero ping interval turns them off. */
    void start(ChannelHandlerContext ctx) {
        if (pingIntervalNanos <= 0 || timer != null) return;
        lastReadNanos = System.nanoTime();
        long period = Math.min(pingIntervalNanos, idleTimeoutNanos);
        timer = ctx.executor().scheduleAtFixedRate(() -> check(ctx), period, period, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        long quiet = System.nanoTime() - lastReadNanos;
        if (quiet >= idleTimeoutNanos) {
            timer.cancel(false);
            ctx.fireUserEventTriggered(PEER_SILENT);
        } else if (quiet >= pingIntervalNanos) {
            ctx.channel().writeAndFlush(new PingWebSocketFrame());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) timer.cancel(false);
        ctx.fireChannelInactive();
    }
}
