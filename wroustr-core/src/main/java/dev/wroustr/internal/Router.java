package dev.wroustr.internal;

import dev.wroustr.Dispatcher;
import dev.wroustr.Handler;
import dev.wroustr.Interceptor;
import dev.wroustr.Layer;
import dev.wroustr.LayerFunction;
import dev.wroustr.Message;
import dev.wroustr.NamedRoutes;
import dev.wroustr.ParamBindingException;
import dev.wroustr.Params;
import dev.wroustr.ParseException;
import dev.wroustr.RequestException;
import dev.wroustr.server.ServerMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one message through PROTOCOL.md section 6: incoming interceptors, parse, route
 * lookup, layers, handler; and raises the named routes. Immutable once built and shared by
 * every connection of a server or client. Every method here runs on the connection's
 * serial executor, except {@link #outgoing}, which runs on the sending thread.
 *
 * <p>{@code uuid} is the server's connection id, or {@code null} on the client: the
 * server's routes get it as a param, the client's do not.
 */
public final class Router<D extends Dispatcher, S> {
    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final String BAD_PARAM = "bad-param";

    record LayerEntry<D extends Dispatcher, S>(Layer layer, LayerFunction<D, S> function) {}

    private final Map<String, Handler<D, S>> handlers;
    private final List<LayerEntry<D, S>> layers;
    private final List<Interceptor<S>> incoming;
    private final List<Interceptor<S>> outgoing;
    private final Handler<D, S> errorHandler;
    private final S state;
    private final int maxParams;
    private final LongAdder invalidMessages = new LongAdder();
    private final LongAdder ignoredReplies = new LongAdder();
    private final WarnOnce warnings = new WarnOnce(log);

    /** How a message's layers and handler ended: a request that was not handled gets an error reply. */
    private enum Outcome { HANDLED, CANCELLED, FAILED, UNBOUND }

    Router(Map<String, Handler<D, S>> handlers, List<LayerEntry<D, S>> layers, List<Interceptor<S>> incoming,
            List<Interceptor<S>> outgoing, S state, int maxParams) {
        this.handlers = handlers;
        this.layers = layers;
        this.incoming = incoming;
        this.outgoing = outgoing;
        this.errorHandler = handlers.get(NamedRoutes.ERROR);
        this.state = state;
        this.maxParams = maxParams;
    }

    public S state() {
        return state;
    }

    /** Whether outgoing text passes through interceptors, so one encoded frame cannot serve every connection. */
    public boolean hasOutgoingInterceptors() {
        return !outgoing.isEmpty();
    }

    /** Whether a {@code CONNECTED} route is registered: without one, opening a connection runs nothing. */
    public boolean hasConnectedRoute() {
        return handlers.containsKey(NamedRoutes.CONNECTED);
    }

    /** How many invalid texts arrived with no {@code INVALID} route to take them. */
    public long droppedInvalidMessages() {
        return invalidMessages.sum();
    }

    /** Whether received text passes incoming interceptors, so it cannot be read before them. */
    public boolean hasIncomingInterceptors() {
        return !incoming.isEmpty();
    }

    /** How many replies matched no waiting request (PROTOCOL.md section 9, rule 1) and were dropped. */
    public long ignoredReplies() {
        return ignoredReplies.sum();
    }

    /**
     * On the network thread, for a connection without incoming interceptors that waits on
     * {@code requests}: takes {@code text} if it is a reply, so a handler blocked on a request
     * does not hold up its own reply.
     *
     * @return true if it was a reply (answered or ignored), false if it goes the usual way
     */
    public boolean tookReply(String text, Requests requests) {
        // A reply holds "#$re": most texts are ruled out by one scan, without parsing.
        if (!text.contains("#$re")) return false;
        Message message;
        try {
            message = Message.parse(text, maxParams);
        } catch (ParseException e) {
            return false;
        }
        Reserved form = Reserved.of(message.route(), message.params());
        if (form != Reserved.REPLY && form != Reserved.ERROR_REPLY) return false;
        onReply(message, form, requests);
        return true;
    }

    public void onText(String text, D dispatcher, String uuid, Exchange<D> exchange) {
        for (int i = 0; i < incoming.size(); i++) {
            Interceptor.Result result;
            try {
                result = incoming.get(i).intercept(text, uuid, state);
            } catch (Throwable e) {
                rethrowFatal(e);
                raiseError(dispatcher, uuid, "", e);
                return;
            }
            if (result == null || !result.passed()) return;
            text = result.text();
        }
        Message message;
        try {
            message = Message.parse(text, maxParams);
        } catch (ParseException e) {
            onInvalid(text, e, dispatcher, uuid);
            return;
        }
        String route = message.route();
        Params params = message.params();
        Reply reply = null;
        // Only a text holding '$' can be a request or a reply: one scan spares the rest a look at keys.
        if (text.indexOf('$') >= 0) {
            Reserved form = Reserved.of(route, params);
            if (form == Reserved.REPLY || form == Reserved.ERROR_REPLY) {
                onReply(message, form, exchange.requestsIfAny());
                return;
            }
            if (form == Reserved.REFRESH) {
                // The protocol's, not the application's: no layer, no rate limit, no handler.
                exchange.refresh(params.without(Reserved.REQUEST_KEY), new Reply(params.valueAt(0), exchange));
                return;
            }
            if (form == Reserved.REQUEST) {
                reply = new Reply(params.valueAt(0), exchange);
                params = params.without(Reserved.REQUEST_KEY);
                dispatcher = exchange.replyingWith(reply);
            }
        }
        Handler<D, S> handler = handlers.get(route);
        if (handler == null) {
            if (reply != null) reply.error(RequestException.UNKNOWN_ROUTE);
            metrics.unknownMessage();
            params = params.with("route", route);
            if (uuid != null) params = params.with("uuid", uuid);
            if (!handlers.containsKey(NamedRoutes.UNKNOWN)) {
                warnings.warn(route, "no route {} and no UNKNOWN route: dropped a message from {}", uuid == null ? "the server" : uuid);
                return;
            }
            raise(NamedRoutes.UNKNOWN, params, dispatcher, uuid);
            return;
        }
        // The connection itself, not a request's dispatcher: it holds the buckets.
        if (limiter != null && !limiter.admit(route, exchange)) {
            if (reply != null) reply.error(RequestException.LIMITED);
            limited(route, params, dispatcher, uuid);
            return;
        }
        // Set after parsing, so a "#uuid" sent by the client never survives.
        if (uuid != null) params = params.with("uuid", uuid);
        Outcome outcome = metered ? runMetered(route, params, handler, dispatcher, uuid)
                : runLayersThenHandler(route, params, handler, dispatcher, uuid);
        if (reply != null && outcome != Outcome.HANDLED) {
            reply.error(outcome == Outcome.CANCELLED ? RequestException.CANCELLED
                    : outcome == Outcome.UNBOUND ? RequestException.BAD_PARAM : RequestException.HANDLER_FAILED);
        }
    }

    private void onReply(Message message, Reserved form, Requests requests) {
        Params params = message.params();
        String id = params.valueAt(0);
        boolean error = form == Reserved.ERROR_REPLY;
        Message answer = error ? null : Message.of(message.route(), params.without(Reserved.REPLY_KEY));
        String errorKind = error ? params.get("error", "handler-failed") : null;
        if (requests == null || !requests.answer(id, answer, errorKind)) {
            ignoredReplies.increment();
            log.debug("ignored a reply to {}, which no request of this connection waits for", id);
        }
    }

    public void onConnected(D dispatcher, String uuid) {
        Params params = uuid == null ? Params.empty() : Params.of("uuid", uuid);
        Handler<D, S> handler = handlers.get(NamedRoutes.CONNECTED);
        if (handler != null) runLayersThenHandler(NamedRoutes.CONNECTED, params, handler, dispatcher, uuid);
    }

    public void onResumed(D dispatcher, String uuid) {
        Handler<D, S> handler = handlers.get(NamedRoutes.RESUMED);
        if (handler != null) runLayersThenHandler(NamedRoutes.RESUMED, uuid == null ? Params.empty() : Params.of("uuid", uuid), handler, dispatcher, uuid);
    }

    /**
     * Client only: an attempt to connect failed. To {@code CONNECT-FAILED}, or to the log (once a
     * minute) when there is no such route: a connector that keeps retrying is never silent.
     *
     * @param retryIn milliseconds to the next attempt, or null when none follows
     */
    public void onConnectFailed(D dispatcher, String error, int attempt, Long retryIn) {
        if (!handlers.containsKey(NamedRoutes.CONNECT_FAILED)) {
            warnings.warn("connection attempt", "{} failed: {} (attempt {}{})", error, attempt,
                    retryIn == null ? ", no more" : ", the next in " + retryIn + " ms");
            return;
        }
        Params params = Params.of("error", error, "attempt", Integer.toString(attempt));
        raise(NamedRoutes.CONNECT_FAILED, retryIn == null ? params : params.with("retryIn", Long.toString(retryIn)), dispatcher, null);
    }

    public void onDisconnected(D dispatcher, String uuid, int code, String reason) {
        Params params = uuid == null ? Params.empty() : Params.of("uuid", uuid);
        params = params.with("code", Integer.toString(code)).with("reason", reason == null ? "" : reason);
        Handler<D, S> handler = handlers.get(NamedRoutes.DISCONNECTED);
        if (handler != null) runLayersThenHandler(NamedRoutes.DISCONNECTED, params, handler, dispatcher, uuid);
    }

    /**
     * The text to put on the wire after the outgoing interceptors, or {@code null} if one
     * cancelled or threw. A failure is raised as {@code ERROR} on {@code serial}, so it keeps
     * the connection's handler ordering whatever thread sent.
     */
    public String outgoing(String text, D dispatcher, String uuid, Executor serial) {
        for (int i = 0; i < outgoing.size(); i++) {
            Interceptor.Result result;
            try {
                result = outgoing.get(i).intercept(text, uuid, state);
            } catch (Throwable e) {
                rethrowFatal(e);
                serial.execute(() -> raiseError(dispatcher, uuid, "", e));
                return null;
            }
            if (result == null || !result.passed()) return null;
            text = result.text();
        }
        return text;
    }

    private Outcome runLayersThenHandler(String route, Params params, Handler<D, S> handler, D dispatcher, String uuid) {
        for (int i = 0; i < layers.size(); i++) {
            LayerEntry<D, S> entry = layers.get(i);
            if (!entry.layer().appliesTo(route)) continue;
            Layer.Result result;
            try {
                result = entry.function().apply(params, dispatcher, state);
            } catch (Throwable e) {
                rethrowFatal(e);
                raiseError(dispatcher, uuid, route, e);
                return Outcome.FAILED;
            }
            if (result == null || !result.passed()) return Outcome.CANCELLED;
            params = result.params();
        }
        return call(route, handler, params, dispatcher, uuid);
    }

    /**
     * Runs one handler; what it throws goes to {@code ERROR} and nowhere further, but params that
     * did not bind go to {@code INVALID} (where {@code INVALID}'s own handler did not throw it).
     */
    private Outcome call(String route, Handler<D, S> handler, Params params, D dispatcher, String uuid) {
        try {
            handler.handle(params, dispatcher, state);
            return Outcome.HANDLED;
        } catch (Throwable e) {
            rethrowFatal(e);
            if (e instanceof ParamBindingException unbound && !route.equals(NamedRoutes.INVALID)) {
                onUnbound(route, unbound, dispatcher, uuid);
                return Outcome.UNBOUND;
            }
            raiseError(dispatcher, uuid, route, e);
            return Outcome.FAILED;
        }
    }

    /** Params that did not bind to a handler's record (PROTOCOL.md section 3, {@code bad-param}). */
    private void onUnbound(String route, ParamBindingException e, D dispatcher, String uuid) {
        metrics.invalidMessage();
        if (!handlers.containsKey(NamedRoutes.INVALID)) {
            invalidMessages.increment();
            warnings.warn(route, "params of {} did not bind and no INVALID route: dropped a message from {}: {}",
                    uuid == null ? "the server" : uuid, e.getMessage());
            return;
        }
        Params params = uuid == null ? Params.empty() : Params.of("uuid", uuid);
        params = params.with("error", BAD_PARAM).with("route", route);
        if (e.key() != null) params = params.with("param", e.key());
        params = params.with("reason", e.reason().wireName()).with("detail", e.getMessage());
        raise(NamedRoutes.INVALID, params, dispatcher, uuid);
    }

    private void onInvalid(String text, ParseException e, D dispatcher, String uuid) {
        metrics.invalidMessage();
        if (!handlers.containsKey(NamedRoutes.INVALID)) {
            invalidMessages.increment();
            warnings.warn(e.kind().wireName(), "an invalid message ({}) and no INVALID route: dropped a message from {}, error at {}",
                    uuid == null ? "the server" : uuid, e.offset());
            return;
        }
        Params params = uuid == null ? Params.empty() : Params.of("uuid", uuid);
        params = params.with("error", e.kind().wireName())
                .with("offset", Integer.toString(e.offset()))
                .with("raw", text);
        raise(NamedRoutes.INVALID, params, dispatcher, uuid);
    }

    /** Runs a report route (UNKNOWN, INVALID): they pass no layer. */
    private void raise(String route, Params params, D dispatcher, String uuid) {
        Handler<D, S> handler = handlers.get(route);
        if (handler == null) {
            log.debug("no {} route for a message on connection {}", route, uuid);
            return;
        }
        call(route, handler, params, dispatcher, uuid);
    }

    private void raiseError(D dispatcher, String uuid, String route, Throwable failure) {
        metrics.handlerFailed(route);
        if (errorHandler == null || route.equals(NamedRoutes.ERROR)) {
            log.warn("{} failed on connection {}", route.isEmpty() ? "interceptor" : "route " + route, uuid, failure);
            return;
        }
        Params params = uuid == null ? Params.empty() : Params.of("uuid", uuid);
        String error = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
        params = params.with("route", route).with("error", error);
        try {
            errorHandler.handle(params, dispatcher, state);
        } catch (Throwable e) {
            rethrowFatal(e);
            log.warn("ERROR route failed on connection {} while reporting a failure of {}", uuid, route, e);
        }
    }

    private static void rethrowFatal(Throwable e) {
        // A stack overflow is raised as ERROR; memory running out, or the JVM failing, goes on up
        // to the connection's executor, which stops the server (Fatal).
        if (Fatal.is(e)) throw (VirtualMachineError) e;
    }

    // ---- rate limits (server only): set once, before the server binds ----

    private RateLimiter limiter;

    public void rateLimiter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** A message past its rate limit: {@code LIMITED} if registered, else dropped and counted; nothing if the connection was closed. */
    private void limited(String route, Params params, D dispatcher, String uuid) {
        metrics.messageLimited(route);
        if (!limiter.reports()) return;
        if (!handlers.containsKey(NamedRoutes.LIMITED)) {
            limiter.dropped(route, uuid);
            return;
        }
        params = params.with("route", route);
        if (uuid != null) params = params.with("uuid", uuid);
        raise(NamedRoutes.LIMITED, params, dispatcher, uuid);
    }

    // ---- metrics (server only): set once, before the server binds ----

    private ServerMetrics metrics = ServerMetrics.NONE;
    // Whether to read the clock around handlers: only for metrics someone set.
    private boolean metered;

    public void metrics(ServerMetrics metrics) {
        this.metrics = metrics;
        this.metered = metrics != ServerMetrics.NONE;
        metrics.started(handlers.keySet());
    }

    private Outcome runMetered(String route, Params params, Handler<D, S> handler, D dispatcher, String uuid) {
        long started = System.nanoTime();
        try {
            return runLayersThenHandler(route, params, handler, dispatcher, uuid);
        } finally {
            metrics.messageHandled(route, System.nanoTime() - started);
        }
    }
}
