package dev.wroustr.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Opens many WebSocket client connections to one URL, a bounded number of handshakes at a
 * time so that the server's accept backlog never overflows (an overflow costs a one-second SYN
 * retry and would show up as a slow server).
 */
final class ClientConnections {
    private ClientConnections() {}

    /** What {@link #open} got: the channels whose handshake completed, and how many failed. */
    record Opened(List<Channel> channels, int failed, long millis) {}

    /**
     * Opens {@code count} connections, at most {@code concurrency} handshakes in flight, each
     * with a fresh handler from {@code handler} last in its pipeline. Blocks until every
     * attempt has finished or failed.
     */
    static Opened open(EventLoopGroup group, URI uri, int count, int concurrency,
                       Supplier<ChannelHandler> handler) throws InterruptedException {
        return open(group, uri, count, concurrency, handler, i -> null);
    }

    /**
     * As {@link #open(EventLoopGroup, URI, int, int, Supplier)}, the {@code i}th connection from
     * the local address {@code from.apply(i)} (any, where null): a server that limits each client
     * address then sees many clients.
     */
    static Opened open(EventLoopGroup group, URI uri, int count, int concurrency,
                       Supplier<ChannelHandler> handler, IntFunction<InetSocketAddress> from) throws InterruptedException {
        return open(group, uri, count, concurrency, handler, from, null);
    }

    /**
     * As {@link #open(EventLoopGroup, URI, int, int, Supplier, IntFunction)}, offering
     * {@code subprotocol} in every handshake (null: none), which the server must select.
     */
    static Opened open(EventLoopGroup group, URI uri, int count, int concurrency, Supplier<ChannelHandler> handler,
                       IntFunction<InetSocketAddress> from, String subprotocol) throws InterruptedException {
        if (!"ws".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only ws:// URLs are supported: \"" + uri + "\"");
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(Transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        Semaphore slots = new Semaphore(concurrency);
        List<Channel> open = Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            CompletableFuture<Channel> handshake = new CompletableFuture<>();
            handshake.whenComplete((channel, error) -> {
                if (error == null) open.add(channel);
                else failed.incrementAndGet();
                slots.release();
            });
            InetSocketAddress local = from.apply(i);
            Bootstrap attempt = bootstrap.clone().handler(new Initializer(uri, subprotocol, handshake, handler.get()));
            ChannelFuture connect = local == null ? attempt.connect(uri.getHost(), port)
                    : attempt.connect(new InetSocketAddress(uri.getHost(), port), local);
            connect.addListener(f -> {
                if (!f.isSuccess()) handshake.completeExceptionally(f.cause());
            });
        }
        // Wait for the last handshakes: every permit back means every attempt is over.
        if (!slots.tryAcquire(concurrency, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("handshakes still pending after 30 s");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Opened(List.copyOf(open), failed.get(), millis);
    }

    /** Closes every channel and waits up to {@code timeout} for them to close. */
    static void closeAll(List<Channel> channels, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ChannelFuture> closing = new ArrayList<>(channels.size());
        for (Channel channel : channels) closing.add(channel.close());
        for (ChannelFuture future : closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !future.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) return;
        }
    }

    private static final class Initializer extends ChannelInitializer<SocketChannel> {
        private final URI uri;
        private final String subprotocol;
        private final CompletableFuture<Channel> handshake;
        private final ChannelHandler handler;

        Initializer(URI uri, String subprotocol, CompletableFuture<Channel> handshake, ChannelHandler handler) {
            this.uri = uri;
            this.subprotocol = subprotocol;
            this.handshake = handshake;
            this.handler = handler;
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(uri)
                    .subprotocol(subprotocol)
                    .maxFramePayloadLength(BareNettyEchoServer.MAX_MESSAGE_BYTES)
                    .handshakeTimeoutMillis(20_000)
                    .build();
            ch.pipeline()
                    .addLast(new HttpClientCodec())
                    .addLast(new HttpObjectAggregator(8192))
                    .addLast(new WebSocketClientProtocolHandler(config))
                    .addLast(new WebSocketFrameAggregator(BareNettyEchoServer.MAX_MESSAGE_BYTES))
                    .addLast(new HandshakeWatcher(handshake))
                    .addLast(handler);
        }
    }

    /** Completes the future when the handshake completes, fails it if the channel dies first. */
    private static final class HandshakeWatcher extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Channel> handshake;

        HandshakeWatcher(CompletableFuture<Channel> handshake) {
            this.handshake = handshake;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(ctx.channel());
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new IllegalStateException("handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            handshake.completeExceptionally(cause);
            super.exceptionCaught(ctx, cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            handshake.completeExceptionally(new IllegalStateException("closed before the handshake completed"));
            super.channelInactive(ctx);
        }
    }
}
