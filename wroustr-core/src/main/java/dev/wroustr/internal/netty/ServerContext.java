package dev.wroustr.internal.netty;

import dev.wroustr.internal.Router;
import dev.wroustr.server.Delivery;
import dev.wroustr.server.ServerDispatcher;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** What every connection of one running server shares. */
final class ServerContext<S> {
    private final ServerSettings<S> settings;
    private final Router<ServerDispatcher, S> router;
    private final LocalDelivery local;
    private final FanOutBacklog fanOut;
    private final java.util.concurrent.ConcurrentHashMap<dev.wroustr.internal.resume.Secret, ChannelDispatcher<?>> sessions = new java.util.concurrent.ConcurrentHashMap<>();
    // Chars of messages waiting for the handlers of every connection (maxQueuedBytesTotal).
    private final java.util.concurrent.atomic.AtomicLong queuedChars = new java.util.concurrent.atomic.AtomicLong();
    private final Delivery delivery;
    private final SharedSessions shared;
    private final Executor handlerExecutor;
    private final AtomicInteger admitted = new AtomicInteger();
    private final Heartbeats heartbeats;
    private final AddressLimits addressLimits;
    private final Map<EventLoop, LoopHandoff> handoffs = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile java.util.function.Consumer<Throwable> onFatal = e -> {};
    private final java.util.function.Consumer<Throwable> fatalHandler = this::fatal;

    ServerContext(ServerSettings<S> settings, Router<ServerDispatcher, S> router, Executor handlerExecutor) {
        this.settings = settings;
        this.router = router;
        this.handlerExecutor = handlerExecutor;
        this.fanOut = new FanOutBacklog(settings.maxFanOutBacklog(), settings.metrics());
        this.local = new LocalDelivery(router.hasOutgoingInterceptors(), settings.metrics(), fanOut);
        this.delivery = settings.cluster() == null ? local : settings.cluster().start(local);
        this.shared = SharedSessions.of(this);
        this.heartbeats = new Heartbeats(settings.pingInterval(), settings.idleTimeout());
        this.addressLimits = new AddressLimits(settings.door().maxConnectionsPerAddress(),
                settings.door().maxHandshakesPerSecondPerAddress());
    }

    AddressLimits addressLimits() {
        return addressLimits;
    }

    Heartbeats heartbeats() {
        return heartbeats;
    }

    ServerSettings<S> settings() {
        return settings;
    }

    Router<ServerDispatcher, S> router() {
        return router;
    }

    /** Where sendTo, broadcast and room sends go: this server's connections, or through the cluster every node's. */
    Delivery delivery() {
        return delivery;
    }

    LocalDelivery local() {
        return local;
    }

    /** The sessions the cluster keeps, so that they resume on any node: null when they live on this node only. */
    SharedSessions shared() {
        return shared;
    }

    /** The resumable sessions by their secret (each session its own key): empty when resume is off. */
    java.util.concurrent.ConcurrentHashMap<dev.wroustr.internal.resume.Secret, ChannelDispatcher<?>> sessions() {
        return sessions;
    }

    FanOutBacklog fanOut() {
        return fanOut;
    }

    java.util.concurrent.atomic.AtomicLong queuedChars() {
        return queuedChars;
    }

    Executor handlerExecutor() {
        return handlerExecutor;
    }

    /** The hand-off of {@code loop}'s connections to the handler executor, or inline, to the loop itself. */
    LoopHandoff handoff(EventLoop loop) {
        return handoffs.computeIfAbsent(loop, key -> settings.inlineHandlers()
                ? LoopHandoff.inline(key)
                : new LoopHandoff(key, handlerExecutor));
    }

    /** Takes a connection slot; false (and none taken) when the server is full. */
    boolean admit() {
        if (admitted.incrementAndGet() > settings.maxConnections()) {
            admitted.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        admitted.decrementAndGet();
    }

    /** From now on no request is upgraded, and a connection whose upgrade was under way closes with 1001. */
    void startClosing() {
        closing = true;
    }

    boolean closing() {
        return closing;
    }

    /** Set once by the server: what a {@link dev.wroustr.internal.Fatal} error anywhere in it does. */
    void onFatal(java.util.function.Consumer<Throwable> onFatal) {
        this.onFatal = onFatal;
    }

    /** A fatal error reached one of the server's threads: the server stops. */
    void fatal(Throwable e) {
        onFatal.accept(e);
    }

    /** {@link #fatal}, one object for every connection's serial executor rather than one each. */
    java.util.function.Consumer<Throwable> fatalHandler() {
        return fatalHandler;
    }
}
