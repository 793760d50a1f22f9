package dev.wroustr.internal;

import dev.wroustr.Dispatcher;
import dev.wroustr.Handler;
import dev.wroustr.Interceptor;
import dev.wroustr.Layer;
import dev.wroustr.LayerFunction;
import dev.wroustr.Message;
import dev.wroustr.NamedRoutes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the application registered: routes, layers and interceptors. Mutable until
 * {@link #router} takes a snapshot; the server and the client each hold one.
 */
public final class Routes<D extends Dispatcher, S> {
    private final Map<String, Handler<D, S>> handlers = new HashMap<>();
    private final List<Router.LayerEntry<D, S>> layers = new ArrayList<>();
    private final List<Interceptor<S>> incoming = new ArrayList<>();
    private final List<Interceptor<S>> outgoing = new ArrayList<>();
    private boolean frozen;

    public synchronized void route(String route, Handler<D, S> handler) {
        checkRouteName(route);
        Objects.requireNonNull(handler, "handler");
        checkOpen();
        if (handlers.putIfAbsent(route, handler) != null) {
            throw new IllegalArgumentException("route registered twice: \"" + route + "\"");
        }
    }

    public synchronized void layer(Layer layer, LayerFunction<D, S> function) {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(function, "function");
        checkOpen();
        layers.add(new Router.LayerEntry<>(layer, function));
    }

    public synchronized void interceptIncoming(Interceptor<S> interceptor) {
        Objects.requireNonNull(interceptor, "interceptor");
        checkOpen();
        incoming.add(interceptor);
    }

    public synchronized void interceptOutgoing(Interceptor<S> interceptor) {
        Objects.requireNonNull(interceptor, "interceptor");
        checkOpen();
        outgoing.add(interceptor);
    }

    /** The registrations as they are now; later registrations fail, so what runs is what was checked. */
    public synchronized Router<D, S> router(S state, int maxParams) {
        frozen = true;
        return new Router<>(Map.copyOf(handlers), List.copyOf(layers), List.copyOf(incoming),
                List.copyOf(outgoing), state, maxParams);
    }

    private void checkOpen() {
        if (frozen) throw new IllegalStateException("routes, layers and interceptors are fixed once started");
    }

    static void checkRouteName(String route) {
        Objects.requireNonNull(route, "route");
        if (NamedRoutes.isNamed(route)) return;
        if (!route.startsWith("@")) {
            throw new IllegalArgumentException("route must start with '@' or be a named route: \"" + route + "\"");
        }
        if (route.startsWith("@$")) {
            throw new IllegalArgumentException("routes starting with \"@$\" are reserved for the protocol: \"" + route + "\"");
        }
        Message.route(route); // throws, naming the route, where it holds white space or is "@" alone
    }
}
