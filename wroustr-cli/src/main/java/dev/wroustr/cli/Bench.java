package dev.wroustr.cli;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.HdrHistogram.Histogram;

/**
 * The load generator behind {@code wroustr bench}, on raw Netty so that a request costs a
 * buffer write and a reply a few counter updates: it has to outrun the servers it measures.
 *
 * <p>One event loop group sized to {@link BenchConfig#threads()} (epoll when available, else
 * NIO) carries every connection. Connections open in batches of {@value #CONNECT_BATCH}, each
 * batch waiting for its handshakes, so the server's accept backlog is never flooded. Once all
 * are open the clock starts; requests are counted from the end of the warmup to the end of the
 * duration, and the run then waits (up to {@value #DRAIN_SECONDS} s) for the replies to those.
 */
final class Bench {
    static final int CONNECT_BATCH = 256;
    static final int DRAIN_SECONDS = 5;
    private static final int MAX_FRAME = 1 << 20;

    /** What the progress line shows, once a second. */
    interface Progress {
        void update(double elapsedSeconds, boolean warmingUp, double messagesPerSecond, long errors);
    }

    private final BenchConfig config;

    Bench(BenchConfig config) {
        this.config = config;
    }

    /**
     * Runs the benchmark, blocking for warmup + duration + drain.
     *
     * @throws CliException if a connection cannot be opened (refused, handshake failed)
     */
    BenchResult run(Progress progress) throws InterruptedException {
        URI url = config.url();
        boolean tls = "wss".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
        SslContext ssl = tls ? sslContext() : null;
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                config.threads(), epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        BenchClock clock = new BenchClock();
        BenchLoops loops = new BenchLoops();
        BenchPayload payload = new BenchPayload(config.route(), config.size(), config.request());
        WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(config.resume() ? URI.create(url + (url.getRawQuery() == null ? "?" : "&") + "wroustr-resume=1") : url)
                .subprotocol(config.resume() ? "wroustr.v1" : null)
                .version(WebSocketVersion.V13)
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(10_000)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                // Only the frame type is checked; validating UTF-8 would cost the generator per byte.
                .withUTF8Validator(false)
                .build();
        List<Channel> channels = new ArrayList<>(config.connections());
        List<BenchConnection> connections = new ArrayList<>(config.connections());
        try {
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
            for (int from = 0; from < config.connections(); from += CONNECT_BATCH) {
                int to = Math.min(config.connections(), from + CONNECT_BATCH);
                List<BenchConnection> batch = new ArrayList<>(to - from);
                List<ChannelFuture> connects = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    BenchConnection connection = new BenchConnection(config, clock, payload, loops);
                    batch.add(connection);
                    connects.add(bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            if (ssl != null) p.addLast(ssl.newHandler(ch.alloc(), url.getHost(), port));
                            p.addLast(new HttpClientCodec(),
                                    new HttpObjectAggregator(64 * 1024),
                                    new WebSocketClientProtocolHandler(wsConfig),
                                    new WebSocketFrameAggregator(MAX_FRAME),
                                    connection);
                        }
                    }).connect(url.getHost(), port));
                }
                for (int i = 0; i < connects.size(); i++) {
                    ChannelFuture connect = connects.get(i);
                    await(connect, "connect to " + url);
                    channels.add(connect.channel());
                    await(batch.get(i).handshake(), "open a WebSocket on " + url);
                }
                connections.addAll(batch);
            }

            long warmup = config.warmup().toNanos();
            long duration = config.duration().toNanos();
            clock.begin(System.nanoTime(), warmup, duration);
            for (int i = 0; i < connections.size(); i++) {
                BenchConnection connection = connections.get(i);
                int index = i;
                channels.get(i).eventLoop().execute(() -> connection.start(index));
            }
            if (config.openLoop()) {
                long interval = (long) (1e9 * config.connections() / config.rate());
                long tick = Math.max(100_000, Math.min(1_000_000, interval));
                for (BenchLoop loop : loops.all()) {
                    loop.loop.scheduleAtFixedRate(loop::tick, 0, tick, TimeUnit.NANOSECONDS);
                }
            }

            // Progress once a second until the window ends, then the drain.
            long lastReplies = 0;
            long lastTime = clock.start;
            while (true) {
                long now = System.nanoTime();
                long untilEnd = clock.measureEnd - now;
                if (untilEnd <= 0) break;
                long untilReport = lastTime + 1_000_000_000L - now;
                if (untilReport > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(untilEnd, untilReport));
                    continue;
                }
                long replies = loops.replies();
                progress.update((now - clock.start) / 1e9, now < clock.measureStart,
                        (replies - lastReplies) * 1e9 / (now - lastTime), loops.errors());
                lastReplies = replies;
                lastTime = now;
            }
            if (config.openLoop()) {
                // A tick may still owe requests due before the end: send them now, so the drain waits for them.
                for (BenchLoop loop : loops.all()) get(loop.loop.submit(loop::tick));
            }
            long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            while (loops.inFlight() > 0 && System.nanoTime() < drainEnd) TimeUnit.MILLISECONDS.sleep(5);

            clock.stopping = true;
            long sent = 0;
            long received = 0;
            long errors = 0;
            Histogram latency = new Histogram(3);
            for (BenchLoop loop : loops.all()) {
                // Read on the loop itself: its counters and histogram have a single writer.
                Future<long[]> counts = loop.loop.submit(() -> {
                    synchronized (latency) {
                        latency.add(loop.latencyMicros);
                    }
                    return new long[] {loop.sent.get(), loop.received.get(), loop.errors.get()};
                });
                long[] c = get(counts);
                sent += c[0];
                received += c[1];
                errors += c[2];
            }
            return new BenchResult(config, sent, received, errors, latency);
        } finally {
            clock.stopping = true;
            for (Channel channel : channels) {
                if (channel.isActive()) channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
            }
            for (Channel channel : channels) channel.closeFuture().await(1, TimeUnit.SECONDS);
            for (Channel channel : channels) channel.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private SslContext sslContext() {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (config.insecure()) builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            return builder.build();
        } catch (SSLException e) {
            throw new CliException("cannot set up TLS: " + CliException.describe(e), e);
        }
    }

    private static void await(io.netty.util.concurrent.Future<?> future, String what) throws InterruptedException {
        future.await();
        if (!future.isSuccess()) {
            throw new CliException("cannot " + what + ": " + CliException.describe(future.cause()), future.cause());
        }
    }

    private static <T> T get(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
