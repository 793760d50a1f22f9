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
    private final Delivery delivery;
    private final Executor handlerExecutor;
    private final AtomicInteger admitted = new AtomicInteger();
    private final Heartbeats heartbeats;
    private final AddressLimits addressLimits;
    private final Map<EventLoop, LoopHandoff> handoffs = new ConcurrentHashMap<>();
    private volatile boolean closing;

    ServerContext(ServerSettings<S> settings, Router<ServerDispatcher, S> router, Executor handlerExecutor) {
        this.settings = settings;
        this.router = router;
        this.handlerExecutor = handlerExecutor;
        this.local = new LocalDelivery(router.hasOutgoingInterceptors(), settings.metrics());
        this.delivery = settings.cluster() == null ? local : settings.cluster().start(local);
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
}
