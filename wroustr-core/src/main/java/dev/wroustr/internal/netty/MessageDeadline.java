package dev.wroustr.internal.netty;

import dev.wroustr.CloseCodes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time one message may take to arrive once its first byte has ({@code messageTimeout}).
 * Each byte resets the idle timeout, so without this a client could hold a connection, and the
 * buffer of its half-sent message, for ever at a byte every minute. Two places share the count:
 * the {@link HeartbeatHandler}, first in the pipeline, calls {@link #read} with what was read,
 * before the WebSocket decoder sees it; this handler, right after the decoder, sees what became
 * frames. While the two differ, or a fragmented message is open, a message is under way and its
 * clock runs. A read that holds whole messages starts no timer.
 */
final class MessageDeadline extends ChannelInboundHandlerAdapter {
    private final ServerFrameHandler<?> connection;
    // Event loop only, from the upgrade on.
    private boolean started;
    private boolean fragmentOpen;
    private long bytesRead;
    private long bytesFramed;
    private ScheduledFuture<?> timer;

    MessageDeadline(ServerFrameHandler<?> connection) {
        this.connection = connection;
    }

    /** The connection is upgraded: from its next byte on, messages are timed. */
    void start() {
        started = true;
        bytesRead = 0;
        bytesFramed = 0;
    }

    /** What the socket read, passed on down the pipeline by {@code ctx} (the first handler's). */
    void read(ChannelHandlerContext ctx, Object msg) {
        if (!started || !(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        bytesRead += buf.readableBytes();
        // The decoder makes frames of what it can now, before this returns.
        ctx.fireChannelRead(msg);
        // Frames a handshake's read held count as framed without having been read here.
        if (bytesFramed > bytesRead) bytesRead = bytesFramed;
        boolean underWay = fragmentOpen || bytesRead > bytesFramed;
        if (underWay && timer == null) {
            timer = ctx.executor().schedule(this::expire, connection.messageTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } else if (!underWay && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The socket closed: no message can time out any more. */
    void cancel() {
        if (timer != null) timer.cancel(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (started && msg instanceof WebSocketFrame frame) {
            bytesFramed += wireLength(frame.content().readableBytes());
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                    || frame instanceof ContinuationWebSocketFrame) {
                fragmentOpen = !frame.isFinalFragment();
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void expire() {
        timer = null;
        ChannelDispatcher<?> open = connection.connection();
        if (open == null) return;
        connection.messageTimedOut();
        open.closeWith(CloseCodes.POLICY_VIOLATION, "message not finished within " + connection.messageTimeout().toMillis() + " ms");
    }

    /** A client frame's bytes on the wire: the header, the mask (a client always masks) and the payload. */
    private static long wireLength(int payload) {
        int length = payload < 126 ? 0 : payload < 65536 ? 2 : 8;
        return 2 + length + 4 + payload;
    }
}
