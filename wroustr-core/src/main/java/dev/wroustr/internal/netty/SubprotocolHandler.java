package dev.wroustr.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.function.Consumer;

/**
 * Reads the subprotocol the server selected from the upgrade response, and hides it from
 * Netty's handshaker. RFC 6455 lets a server select none of those offered, and servers other
 * than wroustr's do; Netty's handshaker would refuse them, so the client offers
 * {@link Handshakes#SUBPROTOCOL} in a header of its own and checks the answer here.
 */
final class SubprotocolHandler extends ChannelInboundHandlerAdapter {
    private final Consumer<String> selected;

    /** @param selected gets the selected subprotocol, or null for none */
    SubprotocolHandler(Consumer<String> selected) {
        this.selected = selected;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpResponse response) {
            String protocol = response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
            response.headers().remove(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
            selected.accept(protocol == null ? null : protocol.trim());
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}
