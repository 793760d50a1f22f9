package dev.wroustr.micrometer;

import dev.wroustr.server.Server;
import dev.wroustr.server.ServerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server's {@link ServerMetrics} as Micrometer meters:
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>meter</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code wroustr.connections.open}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code wroustr.connections.opened}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code wroustr.connections.closed}</td><td>counter</td><td>{@code code}</td></tr>
 * <tr><td>{@code wroustr.messages.in}</td><td>counter</td><td>{@code route}</td></tr>
 * <tr><td>{@code wroustr.messages.out}</td><td>counter</td><td>{@code route}</td></tr>
 * <tr><td>{@code wroustr.handler.time}</td><td>timer, 50/95/99th percentiles</td><td>{@code route}</td></tr>
 * <tr><td>{@code wroustr.messages.invalid}, {@code .unknown}, {@code .errors}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code wroustr.messages.limited}</td><td>counter</td><td>{@code route}</td></tr>
 * <tr><td>{@code wroustr.backpressure.pauses}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code wroustr.slow.consumers.closed}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code wroustr.messages.timed.out}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code wroustr.rooms.refused}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code wroustr.fanout.waits}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code wroustr.fatal.errors}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code wroustr.handshakes.rejected}</td><td>counter</td><td>{@code status}</td></tr>
 * <tr><td>{@code wroustr.handshakes.limited}</td><td>counter</td><td>{@code limit}</td></tr>
 * <tr><td>{@code wroustr.credentials}</td><td>counter</td><td>{@code outcome}: {@code refreshed}, {@code refused}, {@code expired}</td></tr>
 * </table>
 *
 * <p>Tags stay few whatever clients send: a {@code route} tag is a registered route, or one of
 * the first {@value #MAX_OUT_ROUTES} routes the server sent to (for {@code messages.out});
 * any other is {@code other}. A {@code code} is a close code of RFC 6455 (1000 to 1015) or
 * {@code 3xxx}, {@code 4xxx}, {@code other}.
 *
 * <pre>{@code
 * WroustrMetrics.bind(server, registry);   // before server.start()
 * }</pre>
 *
 * <p>Thread-safe; the meters of registered routes are made once at start, so a message costs a
 * map lookup and a counter increment.
 */
public final class WroustrMetrics implements ServerMetrics {
    /** The tag value of every route that may not have its own. */
    public static final String OTHER = "other";
    /** How many routes the server sends to, beyond the registered ones, get a {@code messages.out} tag of their own. */
    public static final int MAX_OUT_ROUTES = 64;

    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter opened;
    private final Counter invalid;
    private final Counter unknown;
    private final Counter errors;
    private final Counter pauses;
    private final Counter slowConsumers;
    private final Counter roomsRefused;
    private final Counter timedOut;
    private final Counter fanOutWaits;
    private final Counter fatalErrors;
    private final Counter handshakeRate;
    private final Counter connectionsPerAddress;
    private final Counter refreshed;
    private final Counter refreshRefused;
    private final Counter expired;
    private final Map<String, Counter> closed = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> out = new ConcurrentHashMap<>();
    private final AtomicInteger outRoutes = new AtomicInteger();
    // Written once, at start, before any message: read without a lock after that.
    private volatile Map<String, RouteMeters> routes = Map.of();
    private final RouteMeters other;
    private final Counter otherOut;

    /** The meters of one route: what came in, how long its handling took, what was limited. */
    private record RouteMeters(Counter in, Timer time, Counter limited) {}

    private WroustrMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = registry;
        this.tags = Tags.of(tags);
        Gauge.builder("wroustr.connections.open", open, AtomicInteger::get)
                .description("connections open now").tags(this.tags).strongReference(true).register(registry);
        opened = counter("wroustr.connections.opened", "connections that completed their upgrade");
        invalid = counter("wroustr.messages.invalid", "texts that were not valid messages");
        unknown = counter("wroustr.messages.unknown", "messages to routes nobody registered");
        errors = counter("wroustr.messages.errors", "handlers, layers or interceptors that threw");
        pauses = counter("wroustr.backpressure.pauses", "times a connection's reads stopped for its queued messages");
        slowConsumers = counter("wroustr.slow.consumers.closed", "connections closed with 1008 for reading too slowly");
        roomsRefused = counter("wroustr.rooms.refused", "joins refused at maxRoomsPerConnection");
        timedOut = counter("wroustr.messages.timed.out", "connections closed with 1008 for a message slower than messageTimeout");
        fanOutWaits = counter("wroustr.fanout.waits", "broadcasts and room sends that waited for the copies before them (maxFanOutBacklog)");
        fatalErrors = counter("wroustr.fatal.errors", "fatal errors (out of memory) that stopped the server");
        handshakeRate = limitedHandshakes("handshakes-per-second");
        connectionsPerAddress = limitedHandshakes("connections-per-address");
        refreshed = credentials("refreshed");
        refreshRefused = credentials("refused");
        expired = credentials("expired");
        other = routeMeters(OTHER);
        otherOut = outCounterTagged(OTHER);
    }

    /**
     * Reports {@code server}'s metrics to {@code registry}. Call before the server starts.
     *
     * @return the metrics, set on the server
     * @throws IllegalStateException if the server has started
     */
    public static WroustrMetrics bind(Server<?> server, MeterRegistry registry) {
        return bind(server, registry, Tags.empty());
    }

    /** As {@link #bind(Server, MeterRegistry)}, with {@code tags} on every meter (a server's name, say). */
    public static WroustrMetrics bind(Server<?> server, MeterRegistry registry, Iterable<Tag> tags) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(tags, "tags");
        WroustrMetrics metrics = new WroustrMetrics(registry, tags);
        server.metrics(metrics);
        return metrics;
    }

    @Override
    public void started(Set<String> registered) {
        Map<String, RouteMeters> made = new HashMap<>();
        for (String route : registered) made.put(route, routeMeters(route));
        routes = Map.copyOf(made);
    }

    @Override
    public void connectionOpened() {
        open.incrementAndGet();
        opened.increment();
    }

    @Override
    public void connectionClosed(int code) {
        open.decrementAndGet();
        closed.computeIfAbsent(codeTag(code), tag -> Counter.builder("wroustr.connections.closed")
                .description("connections closed, by close code").tags(tags).tag("code", tag).register(registry))
                .increment();
    }

    @Override
    public void messageHandled(String route, long nanos) {
        RouteMeters meters = route(route);
        meters.in().increment();
        meters.time().record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void messagesOut(String route, int count) {
        Counter counter = out.get(route);
        if (counter == null) counter = outCounter(route);
        counter.increment(count);
    }

    @Override
    public void invalidMessage() {
        invalid.increment();
    }

    @Override
    public void unknownMessage() {
        unknown.increment();
    }

    @Override
    public void handlerFailed(String route) {
        errors.increment();
    }

    @Override
    public void messageLimited(String route) {
        route(route).limited().increment();
    }

    @Override
    public void backpressurePaused() {
        pauses.increment();
    }

    @Override
    public void slowConsumerClosed() {
        slowConsumers.increment();
    }

    @Override
    public void messageTimedOut() {
        timedOut.increment();
    }

    @Override
    public void roomLimitRefused() {
        roomsRefused.increment();
    }

    @Override
    public void fanOutWaited() {
        fanOutWaits.increment();
    }

    @Override
    public void fatalError() {
        fatalErrors.increment();
    }

    @Override
    public void handshakeRejected(int status) {
        int bounded = status >= 100 && status <= 599 ? status : 0;
        rejected.computeIfAbsent(bounded, key -> Counter.builder("wroustr.handshakes.rejected")
                .description("upgrade requests answered with an HTTP status and no WebSocket")
                .tags(tags).tag("status", key == 0 ? OTHER : Integer.toString(key)).register(registry))
                .increment();
    }

    @Override
    public void handshakeRateLimited() {
        handshakeRate.increment();
    }

    @Override
    public void connectionsPerAddressLimited() {
        connectionsPerAddress.increment();
    }

    @Override
    public void credentialsRefreshed() {
        refreshed.increment();
    }

    @Override
    public void refreshRefused() {
        refreshRefused.increment();
    }

    @Override
    public void credentialsExpired() {
        expired.increment();
    }

    private Counter credentials(String outcome) {
        return Counter.builder("wroustr.credentials")
                .description("in-band refreshes of credentials, refused refreshes (closed 3000) and expiries (closed 3005)")
                .tags(tags).tag("outcome", outcome).register(registry);
    }

    private Counter limitedHandshakes(String limit) {
        return Counter.builder("wroustr.handshakes.limited").description("upgrade requests refused (429) by a limit per client address")
                .tags(tags).tag("limit", limit).register(registry);
    }

    private RouteMeters route(String route) {
        RouteMeters meters = routes.get(route);
        return meters != null ? meters : other;
    }

    private Counter outCounter(String route) {
        // A registered route always gets its own tag; others until MAX_OUT_ROUTES have one.
        if (routes.containsKey(route) || claimOutRoute()) return out.computeIfAbsent(route, this::outCounterTagged);
        return otherOut;
    }

    private boolean claimOutRoute() {
        int taken = outRoutes.get();
        return taken < MAX_OUT_ROUTES && outRoutes.compareAndSet(taken, taken + 1);
    }

    private Counter outCounterTagged(String route) {
        return Counter.builder("wroustr.messages.out").description("messages queued to connections")
                .tags(tags).tag("route", route).register(registry);
    }

    private RouteMeters routeMeters(String route) {
        return new RouteMeters(
                Counter.builder("wroustr.messages.in").description("messages to a route that reached its layers and handler")
                        .tags(tags).tag("route", route).register(registry),
                Timer.builder("wroustr.handler.time").description("time in a route's layers and handler")
                        .tags(tags).tag("route", route).publishPercentiles(0.5, 0.95, 0.99).register(registry),
                Counter.builder("wroustr.messages.limited").description("messages past their rate limit")
                        .tags(tags).tag("route", route).register(registry));
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private static String codeTag(int code) {
        if (code >= 1000 && code <= 1015) return Integer.toString(code);
        if (code >= 3000 && code <= 3999) return "3xxx";
        if (code >= 4000 && code <= 4999) return "4xxx";
        return OTHER;
    }
}
