package dev.wroustr;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which routes a layer (middleware) runs on: a name and two lists of routes, {@code allow}
 * and {@code block} (PROTOCOL.md section 7). Immutable; each call returns a new layer.
 *
 * <p>A layer applies to route R when {@code allow} is empty or holds R, and {@code block}
 * does not hold R. One that does not apply is skipped: it neither runs nor stops the route.
 * Layers see custom routes and {@code CONNECTED} / {@code DISCONNECTED}; {@code UNKNOWN},
 * {@code INVALID} and {@code ERROR} pass no layer.
 *
 * <pre>{@code
 * server.layer(Layer.named("AUTH").block("CONNECTED", "DISCONNECTED"), (params, dispatcher, state) -> {
 *     String user = state.sessions().userFor(params.get("token"));
 *     return user == null ? Layer.cancel() : Layer.pass(params.with("user", user));
 * });
 * }</pre>
 */
public final class Layer {
    private static final Result CANCEL = new Result(null);

    private final String name;
    private final Set<String> allowed;
    private final Set<String> blocked;

    private Layer(String name, Set<String> allowed, Set<String> blocked) {
        this.name = name;
        this.allowed = allowed;
        this.blocked = blocked;
    }

    /** A layer that applies to every route until {@link #allow} or {@link #block} narrows it. */
    public static Layer named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("layer name is blank");
        return new Layer(name, Set.of(), Set.of());
    }

    /**
     * This layer, also allowed on {@code routes}; once any route is allowed, only allowed routes run it.
     *
     * @throws IllegalArgumentException for a string that is no route: neither a named route nor
     *     {@code @} and a name without white space (such as two routes in one string)
     */
    public Layer allow(String... routes) {
        return new Layer(name, union(allowed, routes), blocked);
    }

    /** This layer, never run on {@code routes}. @throws IllegalArgumentException as {@link #allow} does */
    public Layer block(String... routes) {
        return new Layer(name, allowed, union(blocked, routes));
    }

    /** The name given at {@link #named}, for logs. */
    public String name() {
        return name;
    }

    /** The routes this layer is limited to; empty for all. */
    public Set<String> allowed() {
        return allowed;
    }

    /** The routes this layer never runs on. */
    public Set<String> blocked() {
        return blocked;
    }

    /** Whether this layer runs on {@code route}. */
    public boolean appliesTo(String route) {
        return (allowed.isEmpty() || allowed.contains(route)) && !blocked.contains(route);
    }

    /** Passes the message on to the next layer or the handler with {@code params}. */
    public static Result pass(Params params) {
        return new Result(Objects.requireNonNull(params, "params"));
    }

    /** Stops the message here: later layers and the handler do not run. */
    public static Result cancel() {
        return CANCEL;
    }

    /**
     * A layer body in the seed's form, a yes/no check: {@code true} passes the params on
     * unchanged, {@code false} cancels.
     */
    public static <D extends Dispatcher, S> LayerFunction<D, S> check(Check<D, S> check) {
        Objects.requireNonNull(check, "check");
        return (params, dispatcher, state) -> check.test(params, dispatcher, state) ? pass(params) : CANCEL;
    }

    /** A yes/no layer body; see {@link #check(Check)}. */
    @FunctionalInterface
    public interface Check<D extends Dispatcher, S> {
        boolean test(Params params, D dispatcher, S state) throws Exception;
    }

    /** What a layer decided: pass with params, or cancel. */
    public static final class Result {
        private final Params params;

        private Result(Params params) {
            this.params = params;
        }

        /** Whether the message goes on; false for a cancel. */
        public boolean passed() {
            return params != null;
        }

        /** The params passed on, or {@code null} when cancelled. */
        public Params params() {
            return params;
        }
    }

    private static Set<String> union(Set<String> base, String[] routes) {
        Set<String> all = new LinkedHashSet<>(base);
        for (String route : routes) {
            Objects.requireNonNull(route, "route");
            // Any name a handler can be registered for, and no other: the seed's own example wrote
            // vec!["CONNECTED, DISCONNECTED"], one string that matches nothing.
            if (!NamedRoutes.isNamed(route) && !MessageWriter.isRoute(route)) {
                throw new IllegalArgumentException("not a route: \"" + route
                        + "\"; give one route per argument, a named route or '@' and a name without white space");
            }
            all.add(route);
        }
        return Set.copyOf(all);
    }

    @Override
    public String toString() {
        return "Layer[" + name + ", allow=" + allowed + ", block=" + blocked + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layer other && name.equals(other.name)
                && allowed.equals(other.allowed) && blocked.equals(other.blocked);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {name, allowed, blocked});
    }
}
