package dev.wroustr.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * With compression on, Netty's frame decoder must let reserved bits through (it cannot tell
 * which extension a connection negotiated), and the deflate decoder looks at RSV1 only: RSV2 and
 * RSV3, RSV1 on a control or continuation frame, and RSV1 where the client did not negotiate
 * permessage-deflate would pass as clean frames. RFC 6455 (5.2) and RFC 7692 (6) make each of
 * them a protocol error: close 1002, as the decoder does for the errors it finds. Sits before the deflate
 * decoder, which the extension handler adds at the upgrade.
 */
final class ReservedBitsHandler extends ChannelInboundHandlerAdapter {
    private Boolean deflate;
    private boolean failed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (deflate == null) deflate = ctx.pipeline().get(WebSocketExtensionDecoder.class) != null;
        int rsv = frame.rsv();
        boolean startsCompressedMessage = rsv == WebSocketExtension.RSV1 && deflate
                && (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame);
        if (rsv == 0 || startsCompressedMessage) {
            ctx.fireChannelRead(msg);
            return;
        }
        failed = true;
        ReferenceCountUtil.release(msg);
        ProtocolErrors.fail(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits " + rsv + " with no extension that defines them");
    }
}
