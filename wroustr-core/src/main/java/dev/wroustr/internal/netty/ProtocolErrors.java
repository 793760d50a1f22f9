package dev.wroustr.internal.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/** Fails a connection from a handler that sits among Netty's frame handlers, as Netty's decoder fails it. */
final class ProtocolErrors {
    private ProtocolErrors() {}

    /**
     * Writes the close frame, closes once it is written, and reports the error down the
     * pipeline, where {@link ServerFrameHandler} keeps its code for {@code DISCONNECTED}.
     */
    static void fail(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        ctx.fireExceptionCaught(new CorruptedWebSocketFrameException(status, reason));
    }
}
