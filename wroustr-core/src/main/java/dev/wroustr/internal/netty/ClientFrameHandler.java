package dev.wroustr.internal.netty;

import dev.wroustr.CloseCodes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/** One client connection's frames and close codes, reported to its {@link NettyClient}. */
final class ClientFrameHandler<S> extends ChannelDuplexHandler {

    private final NettyClient<S> client;
    private final HeartbeatHandler heartbeat;
    private boolean open;
    // The server selected the subprotocol: CONNECTED waits for its welcome, the first message.
    private boolean awaitingWelcome;
    private String subprotocol;
    private InboundQueue inbound;
    private boolean closeSent;
    // Set once a frame breaks the protocol: the messages after it are dropped unread.
    private boolean failed;
    private int closeCode = CloseCodes.ABNORMAL;
    private String closeReason = "";
    private Throwable failure;

    ClientFrameHandler(NettyClient<S> client, HeartbeatHandler heartbeat) {
        this.client = client;
        this.heartbeat = heartbeat;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == HeartbeatHandler.PEER_SILENT) {
            if (client.resumable()) {
                // The server has not been heard from: the network is likely gone. A close frame
                // that reached it would end the session, which the next connection resumes.
                closeReason = "idle timeout";
                ctx.close();
            } else {
                close(ctx.channel(), CloseCodes.GOING_AWAY, "idle timeout");
            }
            return;
        }
        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            if (Handshakes.SUBPROTOCOL.equals(subprotocol)) {
                awaitingWelcome = true;
                // A server that selects the subprotocol owes its welcome at once; one that never
                // sends it would otherwise hold the attempt open with no CONNECTED, forever.
                long timeout = client.settings().connectTimeout().toMillis();
                ctx.executor().schedule(() -> {
                    if (!awaitingWelcome) return;
                    awaitingWelcome = false;
                    failure = new java.io.IOException("no welcome from the server within " + timeout + " ms");
                    ctx.close();
                }, timeout, TimeUnit.MILLISECONDS);
            } else {
                open(ctx, null);
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Called by {@link SubprotocolHandler} with the upgrade response, before the handshake completes. */
    void selectedSubprotocol(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    private void open(ChannelHandlerContext ctx, Welcome welcome) {
        // A connector closed meanwhile refuses the connection: no CONNECTED, so no DISCONNECTED.
        if (client.opened(ctx.channel(), welcome)) {
            open = true;
            inbound = client.inbound(ctx.channel());
            heartbeat.start(ctx.pipeline().context(heartbeat));
        }
    }


    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            // After a failure only the server's answer to the close still counts.
            if (failed && !(msg instanceof CloseWebSocketFrame)) return;
            if (msg instanceof TextWebSocketFrame frame) {
                String text = TextFrames.text(frame.content());
                if (text == null) {
                    fail(ctx.channel(), CloseCodes.INVALID_PAYLOAD, "bytes are not UTF-8");
                } else if (awaitingWelcome) {
                    awaitingWelcome = false;
                    Welcome welcome = Welcome.parse(text);
                    open(ctx, welcome);
                    // A server that selected the subprotocol but sent no welcome: this is its first message.
                    if (welcome == null && inbound != null) inbound.received(text);
                } else if (inbound != null && !client.tookProtocol(text) && !client.tookReply(text)) {
                    inbound.received(text);
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                if (!closeSent) {
                    closeCode = close.statusCode() < 0 ? CloseCodes.NO_STATUS : close.statusCode();
                    closeReason = close.reasonText();
                    closeSent = true;
                    ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? CloseCodes.NORMAL : close.statusCode(), ""))
                            .addListener(ChannelFutureListener.CLOSE);
                } else {
                    ctx.close();
                }
            } else if (msg instanceof BinaryWebSocketFrame) {
                fail(ctx.channel(), CloseCodes.UNSUPPORTED_DATA, "binary messages are not supported");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * A close frame the client sends of its own accord ({@code Connector.close()} writes one on the
     * channel, so it passes here): its code is the one DISCONNECTED reports, not 1006 when the
     * socket closes before the server's echo arrives.
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof CloseWebSocketFrame close && !closeSent) {
            closeSent = true;
            closeCode = close.statusCode() < 0 ? CloseCodes.NO_STATUS : close.statusCode();
            closeReason = close.reasonText();
        }
        ctx.write(msg, promise);
    }

    private void fail(Channel channel, int code, String reason) {
        failed = true;
        close(channel, code, reason);
    }

    private void close(Channel channel, int code, String reason) {
        if (closeSent) return;
        closeSent = true;
        closeCode = code;
        closeReason = reason;
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
        // A server that stops reading would keep the close frame, behind what the client sent
        // before it, and the socket forever: no DISCONNECTED, no reconnection.
        channel.eventLoop().schedule(() -> { channel.close(); }, ChannelDispatcher.CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            closeSent = true;
            closeCode = corrupted.closeStatus().code();
            closeReason = corrupted.closeStatus().reasonText();
        } else if (cause instanceof TooLongFrameException) {
            close(ctx.channel(), CloseCodes.MESSAGE_TOO_BIG, "message too big");
            return;
        } else if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (inbound != null) {
            inbound.readComplete();
            client.readComplete(ctx.channel());
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (open) {
            inbound.readComplete();
            client.closedAfterOpen(ctx.channel(), closeCode, closeReason);
        } else {
            client.failed(failure != null ? failure : new java.io.IOException("connection closed during the handshake"));
        }
        ctx.fireChannelInactive();
    }
}
