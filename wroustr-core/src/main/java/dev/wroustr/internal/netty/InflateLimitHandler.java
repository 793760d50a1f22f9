package dev.wroustr.internal.netty;

import dev.wroustr.CloseCodes;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;

/**
 * Closes a connection whose compressed message will not inflate within the size limit with
 * 1009, and one whose deflate data is corrupt with 1007, as the frame decoder does for its own
 * violations: the close frame goes out first, then a {@link CorruptedWebSocketFrameException}
 * carrying the code travels on, so the frame handler records it for {@code DISCONNECTED}.
 *
 * <p>It sits between the inflater and the protocol handler: past the protocol handler, which
 * closes the channel on any exception, the close frame would never be written.
 */
final class InflateLimitHandler extends ChannelInboundHandlerAdapter {
    // Netty's inflater says so in its exception's message, and has no type of its own for it.
    private static final String BUFFER_FULL = "maximum size";

    private final int maxMessageBytes;
    private boolean failed;

    InflateLimitHandler(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        // A compressed message arrives whole (CompressedFragmentsHandler), inflated: the limit is exact here.
        if (msg instanceof WebSocketFrame frame && frame.content().readableBytes() > maxMessageBytes) {
            failed = true;
            ReferenceCountUtil.release(msg);
            removeInflater(ctx.pipeline());
            ProtocolErrors.fail(ctx, new WebSocketCloseStatus(CloseCodes.MESSAGE_TOO_BIG, tooBig()), tooBig());
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        DecompressionException inflate = find(cause);
        if (inflate == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // The frames after the failing one, read in the same go, fail again: answered once.
        if (failed) return;
        failed = true;
        boolean tooBig = String.valueOf(inflate.getMessage()).contains(BUFFER_FULL);
        WebSocketCloseStatus status = tooBig
                ? new WebSocketCloseStatus(CloseCodes.MESSAGE_TOO_BIG, tooBig())
                : new WebSocketCloseStatus(CloseCodes.INVALID_PAYLOAD, "corrupt deflate data");
        removeInflater(ctx.pipeline());
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
        ctx.fireExceptionCaught(new CorruptedWebSocketFrameException(status, status.reasonText(), inflate));
    }

    /**
     * Takes the failed inflater out. It keeps its failure and throws it again when the channel
     * goes inactive, which would stop the event short of the frame handler: the connection's
     * {@code DISCONNECTED} would never run.
     */
    private static void removeInflater(ChannelPipeline pipeline) {
        for (Map.Entry<String, ChannelHandler> entry : pipeline) {
            if (entry.getValue() instanceof WebSocketExtensionDecoder) {
                pipeline.remove(entry.getValue());
                return;
            }
        }
    }

    private String tooBig() {
        return "message over " + maxMessageBytes + " bytes";
    }

    private static DecompressionException find(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DecompressionException found) return found;
        }
        return null;
    }
}
