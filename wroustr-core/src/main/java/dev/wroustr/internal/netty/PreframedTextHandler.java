package dev.wroustr.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * With compression on, turns the server's whole text frames ({@link TextFrames#serverFrame})
 * back into {@link TextWebSocketFrame}s, so that the deflate encoder, which compresses frame
 * objects only, sees them. A slice of the same buffer: no copy. Only in the pipeline when
 * compression is on; without it the whole frames go to the socket as they are.
 */
final class PreframedTextHandler extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.write(msg, promise);
            return;
        }
        int at = frame.readerIndex();
        int length = frame.getByte(at + 1) & 0x7F;
        int header = length <= 125 ? 2 : length == 126 ? 4 : 10;
        TextWebSocketFrame text = new TextWebSocketFrame(frame.retainedSlice(at + header, frame.readableBytes() - header));
        frame.release();
        ctx.write(text, promise);
    }
}
