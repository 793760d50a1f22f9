package dev.wroustr.internal.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * The server's frame encoder, which lets one close frame out, as RFC 6455 (5.5.1) allows, and
 * never a "normal closure" for a protocol error. On a protocol error Netty's frame decoder writes
 * its close frame (1002, 1007, 1009) itself, past the protocol handler, which then writes its own
 * "1000 Bye" as the channel closes: this drops the second. After a malformed close frame (a bad
 * code, one byte, a reason that is not UTF-8) the decoder writes an empty buffer instead of a
 * close frame, and the "1000 Bye" would be the only answer: it goes out as 1002. It replaces the
 * encoder the handshake put in (see {@link #NAME}), where every frame passes, the decoder's
 * too; being the encoder rather than a handler after it saves each connection a pipeline context.
 */
final class OneCloseFrameEncoder extends WebSocket13FrameEncoder {
    /** The name the server handshaker gives the frame encoder. */
    static final String NAME = "wsencoder";

    private boolean closeWritten;
    private boolean malformedClose;

    OneCloseFrameEncoder() {
        super(false); // a server does not mask
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        // The decoder's own write after a malformed close frame: nothing of ours is ever empty here.
        if (msg == Unpooled.EMPTY_BUFFER && !closeWritten) malformedClose = true;
        if (msg instanceof CloseWebSocketFrame) {
            if (closeWritten) {
                ReferenceCountUtil.release(msg);
                // Done, as far as the writer is concerned: the protocol handler closes the channel once it is.
                promise.trySuccess();
                return;
            }
            closeWritten = true;
            if (malformedClose) {
                ReferenceCountUtil.release(msg);
                msg = new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR, "malformed close frame");
            }
        }
        super.write(ctx, msg, promise);
    }
}
