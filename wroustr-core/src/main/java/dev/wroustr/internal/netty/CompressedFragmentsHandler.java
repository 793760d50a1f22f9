package dev.wroustr.internal.netty;

import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;

/**
 * Joins the fragments of a compressed message into one frame before the inflater. RFC 7692 lets
 * a client cut its deflate stream anywhere, but Netty's inflater fails a message ("cannot read
 * uncompressed buffer", and the connection with it) whose first fragment is too short to inflate
 * to a byte on its own. Control frames between the fragments pass at once. The compressed bytes
 * held are bounded: past {@code maxMessageBytes} and a sixteenth (deflate's overhead on data that
 * does not compress), close 1009; the inflated size is bounded after, by the limit handler.
 */
final class CompressedFragmentsHandler extends ChannelInboundHandlerAdapter {
    private final int maxBytes;
    private CompositeByteBuf parts;
    private WebSocketFrame first;

    CompressedFragmentsHandler(int maxMessageBytes) {
        this.maxBytes = maxMessageBytes + maxMessageBytes / 16 + 64;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (parts == null) {
            if ((msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) && !((WebSocketFrame) msg).isFinalFragment()
                    && (((WebSocketFrame) msg).rsv() & WebSocketExtension.RSV1) != 0) {
                first = (WebSocketFrame) msg;
                parts = ctx.alloc().compositeBuffer(Integer.MAX_VALUE).addComponent(true, first.content().retain());
                return;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof ContinuationWebSocketFrame next)) {
            ctx.fireChannelRead(msg);  // a control frame between fragments (the decoder refuses anything else)
            return;
        }
        if (parts.readableBytes() + next.content().readableBytes() > maxBytes) {
            next.release();
            discard();
            ProtocolErrors.fail(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "compressed message over " + maxBytes + " bytes");
            return;
        }
        parts.addComponent(true, next.content().retain());
        boolean last = next.isFinalFragment();
        next.release();
        if (!last) return;
        WebSocketFrame whole = first instanceof TextWebSocketFrame
                ? new TextWebSocketFrame(true, first.rsv(), parts) : new BinaryWebSocketFrame(true, first.rsv(), parts);
        first.release();
        first = null;
        parts = null;
        ctx.fireChannelRead(whole);
    }

    private void discard() {
        if (parts == null) return;
        parts.release();
        first.release();
        parts = null;
        first = null;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discard();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discard();
        ctx.fireChannelInactive();
    }
}
