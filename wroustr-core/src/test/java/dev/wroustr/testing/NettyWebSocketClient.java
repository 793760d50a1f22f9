package dev.wroustr.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on Netty's own handlers, not wroustr's, with or without Netty's
 * permessage-deflate handler: the other side of compression tests. Queues texts as they are and
 * a close as {@code "close CODE"}; {@link #responseHeaders()} are the upgrade response's.
 */
public final class NettyWebSocketClient implements AutoCloseable {
    private final Recorder<String> events = new Recorder<>();
    private final CompletableFuture<HttpHeaders> handshake = new CompletableFuture<>();
    private volatile HttpHeaders responseHeaders;
    private final java.util.concurrent.atomic.AtomicInteger compressedFrames = new java.util.concurrent.atomic.AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    private NettyWebSocketClient(URI uri, boolean compression) throws Exception {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .allowExtensions(compression)
                .handleCloseFrames(false)
                .maxFramePayloadLength(16 * 1024 * 1024)
                .build();
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192), new ResponseHeaders());
                        if (compression) ch.pipeline().addLast(new WebSocketClientCompressionHandler(0));
                        ch.pipeline().addLast(new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(16 * 1024 * 1024), new Events());
                    }
                })
                .connect(uri.getHost(), uri.getPort()).sync().channel();
        handshake.get(5, TimeUnit.SECONDS);
    }

    /** Connects and completes the upgrade; {@code compression} offers permessage-deflate. */
    public static NettyWebSocketClient connect(URI uri, boolean compression) throws Exception {
        return new NettyWebSocketClient(uri, compression);
    }

    /** The headers of the server's 101 response. */
    public HttpHeaders responseHeaders() {
        return handshake.join();
    }

    public void send(String text) throws Exception {
        channel.writeAndFlush(new TextWebSocketFrame(text)).sync();
    }

    /** Sends a frame as made, through the extension encoder (which leaves a frame with RSV1 set alone). */
    public void send(WebSocketFrame frame) throws Exception {
        channel.writeAndFlush(frame).sync();
    }

    public void assertText(String expected) {
        org.assertj.core.api.Assertions.assertThat(events.take()).isEqualTo(expected);
    }

    public String take() {
        return events.take();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    /** How many frames arrived compressed (RSV1 set), counted before the inflater. */
    public int compressedFrames() {
        return compressedFrames.get();
    }

    /**
     * Keeps the upgrade response's headers as they came, before any extension handler sees them,
     * and after the upgrade counts the frames that arrive compressed.
     */
    private final class ResponseHeaders extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpResponse response) responseHeaders = response.headers().copy();
            if (msg instanceof WebSocketFrame frame && (frame.rsv() & 4) != 0) compressedFrames.incrementAndGet();
            ctx.fireChannelRead(msg);
        }
    }

    private final class Events extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(responseHeaders);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new IllegalStateException("handshake timed out"));
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame text) {
                    events.add(text.text());
                } else if (msg instanceof CloseWebSocketFrame close) {
                    events.add("close " + close.statusCode());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            handshake.completeExceptionally(new IllegalStateException("closed before the upgrade"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            events.add("error " + cause);
            ctx.close();
        }
    }
}
