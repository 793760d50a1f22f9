package dev.wroustr.internal.netty;

import dev.wroustr.CloseCodes;
import dev.wroustr.WroustrException;
import dev.wroustr.internal.Router;
import dev.wroustr.server.Delivery;
import dev.wroustr.server.ServerDispatcher;
import dev.wroustr.server.ServerMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bound server: its event loops, listening channel and handler executor, and the way down. */
public final class NettyServer<S> {
    private static final Logger log = LoggerFactory.getLogger(NettyServer.class);
    static final String SHUTTING_DOWN = "server shutting down";
    static final String SERVER_ERROR = "server error";

    private final ServerContext<S> context;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService ownedExecutor;
    private final Channel listener;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicReference<Throwable> fatal = new java.util.concurrent.atomic.AtomicReference<>();
    // Heap held back for the way down: after an OutOfMemoryError, stopping the server (a thread,
    // close frames, a log line) needs memory too, and what ran out may still be held.
    private volatile byte[] reserve = new byte[RESERVE_BYTES];
    private static final int RESERVE_BYTES = 2 * 1024 * 1024;

    private NettyServer(ServerContext<S> context, EventLoopGroup boss, EventLoopGroup workers,
            ExecutorService ownedExecutor, Channel listener) {
        this.context = context;
        this.boss = boss;
        this.workers = workers;
        this.ownedExecutor = ownedExecutor;
        this.listener = listener;
        context.onFatal(this::fail);
        // A network thread that ends while the server runs strands its connections, and every
        // new one handed to it: that is a fatal error too.
        for (EventExecutor loop : workers) {
            loop.terminationFuture().addListener(ended -> {
                if (!context.closing()) fail(new InternalError("network thread of " + localAddress() + " ended while serving"));
            });
        }
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @param ownedExecutor the handler executor if this server made it (shut down on close), or null
     * @throws WroustrException naming the address if it cannot be bound
     */
    public static <S> NettyServer<S> bind(InetSocketAddress address, ServerSettings<S> settings,
            Router<ServerDispatcher, S> router, java.util.concurrent.Executor handlerExecutor, ExecutorService ownedExecutor) {
        if (settings.rateLimiter() != null) router.rateLimiter(settings.rateLimiter());
        if (settings.metrics() != ServerMetrics.NONE) router.metrics(settings.metrics());
        ServerContext<S> context = new ServerContext<>(settings, router, handlerExecutor);
        EventLoopGroup boss = Transports.eventLoops("wroustr-accept", 1);
        EventLoopGroup workers = Transports.eventLoops("wroustr-io", settings.eventLoopThreads());
        // Unwritable past half of maxOutboundBytes: the slow reader's clock starts (slowReaderTimeout);
        // at maxOutboundBytes it is cut.
        int high = Math.max(2, settings.maxOutboundBytes() / 2);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(Math.max(1, Math.min(high / 2, 32 * 1024)), high))
                .childHandler(new ServerInitializer<>(context));
        try {
            Channel listener = bootstrap.bind(address).sync().channel();
            log.info("wroustr server listening on {} ({})", listener.localAddress(), Transports.name());
            return new NettyServer<>(context, boss, workers, ownedExecutor, listener);
        } catch (Exception e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (settings.cluster() != null) settings.cluster().close();
            if (ownedExecutor != null) ownedExecutor.shutdown();
            // Epoll reports a taken port as a NativeIoException, not a BindException.
            boolean inUse = e instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use");
            String why = inUse ? "address already in use" : String.valueOf(e.getMessage());
            throw new WroustrException("cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + why, e);
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int connectionCount() {
        return context.local().all().size();
    }

    public long ignoredReplies() {
        return context.router().ignoredReplies();
    }

    /** Where deliveries go: this server's connections, or every node's in a cluster. */
    public Delivery delivery() {
        return context.delivery();
    }

    /**
     * Completes once {@link #close} has finished; exceptionally, with the error, when the server
     * stopped itself after a fatal error.
     */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /**
     * Stops accepting, sends 1001 to every client, waits up to the shutdown timeout for their
     * DISCONNECTED routes (and so for the handlers queued before them), then stops the threads.
     * Called from a handler or an event loop, it starts all that and returns at once.
     */
    public void close() {
        if (closed.isDone()) return;
        if (onOwnThread()) {
            // A handler cannot wait for the handlers, its own DISCONNECTED among them, nor an
            // event loop for itself: the shutdown goes on on a thread of its own.
            Thread shutdown = new Thread(() -> shutDown(CloseCodes.GOING_AWAY, SHUTTING_DOWN), "wroustr-shutdown");
            shutdown.setDaemon(true);
            shutdown.start();
            return;
        }
        shutDown(CloseCodes.GOING_AWAY, SHUTTING_DOWN);
    }

    /**
     * A fatal error (Fatal) reached one of the server's threads: the server stops, closing
     * every connection with 1011, so that a supervisor sees it end and restarts it, rather than
     * a process that serves some connections and strands others.
     */
    private void fail(Throwable error) {
        if (!fatal.compareAndSet(null, error) || closed.isDone()) return;
        reserve = null;
        try {
            log.error("fatal error: the wroustr server on {} stops so that it can be restarted", localAddress(), error);
            context.settings().metrics().fatalError();
        } catch (Throwable ignored) {
            // Memory may still be short: the stop matters more than the line.
        }
        try {
            Thread shutdown = new Thread(() -> shutDown(CloseCodes.INTERNAL_ERROR, SERVER_ERROR), "wroustr-shutdown");
            shutdown.setDaemon(true);
            shutdown.start();
        } catch (Throwable noThread) {
            // No thread to be had: stop accepting and cut every connection from here.
            context.startClosing();
            listener.close();
            for (ChannelDispatcher<?> connection : context.local().all()) connection.channel().close();
            closed.completeExceptionally(error);
        }
    }

    /** Whether the calling thread is one of this server's event loops or runs one of its connections' handlers. */
    private boolean onOwnThread() {
        for (EventExecutor loop : workers) {
            if (loop.inEventLoop()) return true;
        }
        if (boss.next().inEventLoop()) return true;
        for (ChannelDispatcher<?> connection : context.local().all()) {
            if (connection.inHandler()) return true;
        }
        return false;
    }

    /** Whether every one of {@code finished} completed before {@code deadline}. */
    private boolean awaitAll(List<CompletableFuture<Void>> finished, long deadline) {
        try {
            CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            log.warn("shutdown of {}: handlers still running after {}", localAddress(), context.settings().shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("shutdown of {}: a connection failed to finish", localAddress(), e);
        }
        return false;
    }

    private synchronized void shutDown(int code, String reason) {
        if (closed.isDone()) return;
        long deadline = System.nanoTime() + context.settings().shutdownTimeout().toNanos();
        listener.close().syncUninterruptibly();
        context.startClosing();
        // Looked at again until no connection is new: one whose upgrade was under way at the
        // first look joins the list after it.
        Set<ChannelDispatcher<?>> closing = new HashSet<>();
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        while (true) {
            for (ChannelDispatcher<?> connection : context.local().all()) {
                if (!closing.add(connection)) continue;
                try {
                    connection.closeWith(code, reason);
                } catch (RuntimeException loopGone) {
                    // Its network thread ended (a fatal error): it cannot be closed in order.
                    connection.channel().close();
                }
                finished.add(connection.finished());
            }
            if (!awaitAll(finished, deadline) || context.local().all().stream().allMatch(closing::contains)) break;
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (ownedExecutor != null) ownedExecutor.shutdown();
        if (context.settings().cluster() != null) context.settings().cluster().close();
        log.info("wroustr server on {} closed", localAddress());
        Throwable error = fatal.get();
        if (error == null) {
            closed.complete(null);
        } else {
            closed.completeExceptionally(error);
        }
    }
}
