package dev.wroustr.client;

import dev.wroustr.Dispatcher;
import dev.wroustr.Handler;
import dev.wroustr.Interceptor;
import dev.wroustr.Layer;
import dev.wroustr.LayerFunction;
import dev.wroustr.Message;
import dev.wroustr.TypedHandler;
import dev.wroustr.internal.HandlerExecutors;
import dev.wroustr.internal.RecordBinder;
import dev.wroustr.internal.Routes;
import dev.wroustr.internal.netty.ClientSettings;
import dev.wroustr.internal.netty.NettyClient;
import dev.wroustr.internal.netty.TlsContexts;
import dev.wroustr.internal.netty.TokenSettings;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A wroustr client that keeps one connection to a server up. It mirrors {@code Server}:
 * the same routes, named routes, layers and interceptors, with a {@link Dispatcher} to send.
 *
 * <pre>{@code
 * var connector = new Connector<>("ws://localhost:9000", state)
 *         .route("CONNECTED", (params, dispatcher, state) -> System.out.println("connected"))
 *         .route("@PING", (params, dispatcher, state) -> dispatcher.send("@PONG"));
 * connector.connect();
 * }</pre>
 *
 * <p>{@link #connect()} returns at once. When the connection fails or drops, the connector
 * raises {@code DISCONNECTED} (if it had raised {@code CONNECTED}) and tries again after the
 * {@link Reconnect} policy's delay; {@code CONNECTED} runs again on every new connection.
 * Messages sent while no connection is open wait in a bounded queue (1,024 by default) and go
 * out in order, first, on the next connection; past the bound {@code send} returns false.
 * Handlers run off the network thread, one at a time, in arrival order (see
 * {@code docs/threading.md}). Registration and settings happen before {@link #connect()}.
 *
 * @param <S> the application state shared by the handlers
 */
public final class Connector<S> implements AutoCloseable {
    private final URI uri;
    private final S state;
    private final Routes<Dispatcher, S> routes = new Routes<>();
    private Reconnect reconnect = Reconnect.defaults();
    private int maxMessageBytes = 64 * 1024;
    private int maxParams = Message.DEFAULT_MAX_PARAMS;
    private int maxQueuedMessages = 1024;
    private int maxQueuedBytes = 1024 * 1024;
    private boolean resume = true;
    private int maxOutboundBytes = 1024 * 1024;
    private int maxPendingRequests = 256;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration pingInterval = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(75);
    private Supplier<Map<String, String>> headers = Map::of;
    private Supplier<Map<String, String>> query = Map::of;
    private KeyStore trustStore;
    private Supplier<String> tokenSupplier;
    private String tokenHeader = "Authorization";
    private String tokenPrefix = "Bearer ";
    private String tokenQuery;
    private Executor executor;
    private volatile NettyClient<S> client;

    /**
     * @param url {@code ws://host:port/path} or {@code wss://...}
     * @param state the application state passed to every handler; may be null
     * @throws IllegalArgumentException if the URL is not a ws:// or wss:// URL with a host
     */
    public Connector(String url, S state) {
        this.uri = parseUrl(url);
        this.state = state;
    }

    /** Registers the handler of a custom or named route; see {@code Server#route}. */
    public Connector<S> route(String route, Handler<Dispatcher, S> handler) {
        routes.route(route, handler);
        return this;
    }

    /** Registers the handler of a route with its params bound to a record; see {@code Server#route(String, Class, TypedHandler)}. */
    public <R extends Record> Connector<S> route(String route, Class<R> type, TypedHandler<R, Dispatcher, S> handler) {
        routes.route(route, RecordBinder.handler(type, handler));
        return this;
    }

    /** Adds a layer, run in the order added on the routes it applies to; see {@link Layer}. */
    public Connector<S> layer(Layer layer, LayerFunction<Dispatcher, S> function) {
        routes.layer(layer, function);
        return this;
    }

    /** Adds an interceptor of incoming raw text; its {@code uuid} argument is null on the client. */
    public Connector<S> interceptIncoming(Interceptor<S> interceptor) {
        routes.interceptIncoming(interceptor);
        return this;
    }

    /** Adds an interceptor of outgoing raw text; its {@code uuid} argument is null on the client. */
    public Connector<S> interceptOutgoing(Interceptor<S> interceptor) {
        routes.interceptOutgoing(interceptor);
        return this;
    }

    /** When to try again after a failure or a drop. Default {@code Reconnect.backoff(250 ms, 30 s)}. */
    public Connector<S> reconnect(Reconnect reconnect) {
        checkNotStarted();
        this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
        return this;
    }

    /**
     * Headers of the upgrade request (an {@code Authorization} token, say), asked for anew on
     * every connection attempt so a token can rotate. Called on the network thread: keep it quick.
     */
    public Connector<S> headers(Supplier<Map<String, String>> headers) {
        checkNotStarted();
        this.headers = Objects.requireNonNull(headers, "headers");
        return this;
    }

    /** Query params added to the URL, asked for anew on every connection attempt. */
    public Connector<S> query(Supplier<Map<String, String>> query) {
        checkNotStarted();
        this.query = Objects.requireNonNull(query, "query");
        return this;
    }

    /**
     * Credentials that expire (PROTOCOL.md section 12). {@code tokenSupplier} is asked for a
     * token before every connection attempt, which carries it in its upgrade request (as
     * {@code Authorization: Bearer <token>} unless {@link #tokenHeader} or {@link #tokenQuery}
     * say otherwise), and, where the server's welcome says the credentials expire, again at 80 to
     * 90 percent of the time they have left, the new token going to the server as an in-band
     * refresh (which the server's {@code RefreshCheck} decides). It runs on a handler thread and
     * may block (a call to an identity provider); cache tokens in it, as it is asked often.
     *
     * <ul>
     *   <li>It returns {@code null} when the user is gone (signed out, banned): the connector
     *       stops. Asked for a refresh, it closes the connection with 1000 and the reason
     *       {@code "signed out: no token"}; asked before a connection, it reconnects no more
     *       (and {@link #connect()}'s future fails, if no connection had opened).
     *   <li>It throws when it cannot tell now (the identity provider is down): the attempt or the
     *       refresh is tried again after the reconnect policy's delay.
     *   <li>A token the server refused (close 3000) or let expire (close 3005) is never sent
     *       again: given back by the supplier, it counts as a failure, and the supplier is asked
     *       again after the delay.
     * </ul>
     */
    public Connector<S> tokenSupplier(Supplier<String> tokenSupplier) {
        checkNotStarted();
        this.tokenSupplier = Objects.requireNonNull(tokenSupplier, "tokenSupplier");
        return this;
    }

    /** Puts the {@link #tokenSupplier} token in header {@code name}, after {@code prefix}. Default {@code Authorization}, {@code "Bearer "}. */
    public Connector<S> tokenHeader(String name, String prefix) {
        checkNotStarted();
        this.tokenHeader = Objects.requireNonNull(name, "name");
        this.tokenPrefix = Objects.requireNonNull(prefix, "prefix");
        this.tokenQuery = null;
        return this;
    }

    /** Puts the {@link #tokenSupplier} token in query param {@code name} instead of a header (browsers cannot set headers). */
    public Connector<S> tokenQuery(String name) {
        checkNotStarted();
        this.tokenQuery = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Trusts the certificates of {@code trustStore} for wss:// instead of the JDK's default trust. */
    public Connector<S> trust(KeyStore trustStore) {
        checkNotStarted();
        this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
        return this;
    }

    /** The largest message accepted from the server; a bigger one closes with 1009. Default 64 KiB. */
    public Connector<S> maxMessageBytes(int maxMessageBytes) {
        this.maxMessageBytes = positive("maxMessageBytes", maxMessageBytes);
        return this;
    }

    /** The most params a message may carry; more makes it {@code INVALID}. Default 128. */
    public Connector<S> maxParams(int maxParams) {
        this.maxParams = positive("maxParams", maxParams);
        return this;
    }

    /**
     * How many sends may wait for a connection (past it {@code send} returns false), and how many
     * received messages may wait for the handlers (past it the client stops reading until they
     * catch up). Default 1,024.
     */
    public Connector<S> maxQueuedMessages(int maxQueuedMessages) {
        this.maxQueuedMessages = positive("maxQueuedMessages", maxQueuedMessages);
        return this;
    }

    /**
     * Whether to resume (PROTOCOL.md section 11) when the server offers it: after a drop the
     * connector reconnects with its session, gets what it missed and sends again what the
     * server did not get, and the routes see {@code RESUMED} instead of {@code DISCONNECTED}
     * and {@code CONNECTED}. If the session cannot resume (its window ran out, the server lost
     * it), {@code DISCONNECTED} runs with reason {@code "not resumed: <why>"}, then
     * {@code CONNECTED} for the new session. Needs reconnects. Default true.
     */
    public Connector<S> resume(boolean resume) {
        checkNotStarted();
        this.resume = resume;
        return this;
    }

    /**
     * How many bytes of messages (counted as chars) may wait for the handlers; past it the
     * connector stops reading until half have been handled, as for {@link #maxQueuedMessages}.
     * Default 1 MiB.
     */
    public Connector<S> maxQueuedBytes(int maxQueuedBytes) {
        this.maxQueuedBytes = positive("maxQueuedBytes", maxQueuedBytes);
        return this;
    }

    /** How many bytes may wait to be written; past it {@code send} returns false. Default 1 MiB. */
    public Connector<S> maxOutboundBytes(int maxOutboundBytes) {
        this.maxOutboundBytes = positive("maxOutboundBytes", maxOutboundBytes);
        return this;
    }

    /** How many requests may wait for replies at once; past it {@link #request} fails at once. Default 256. */
    public Connector<S> maxPendingRequests(int maxPendingRequests) {
        this.maxPendingRequests = positive("maxPendingRequests", maxPendingRequests);
        return this;
    }

    /** How long one attempt (TCP, TLS, upgrade) may take. Default 10 s. */
    public Connector<S> connectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive("connectTimeout", connectTimeout);
        // Netty counts it in whole milliseconds, and refuses zero.
        if (connectTimeout.toMillis() < 1) throw new IllegalArgumentException("connectTimeout must be at least 1 ms: " + connectTimeout);
        return this;
    }

    /** How long the connection may be quiet before the client pings; zero turns heartbeats off. Default 30 s. */
    public Connector<S> pingInterval(Duration pingInterval) {
        checkNotStarted();
        Objects.requireNonNull(pingInterval, "pingInterval");
        if (pingInterval.isNegative()) throw new IllegalArgumentException("pingInterval is negative: " + pingInterval);
        this.pingInterval = pingInterval;
        return this;
    }

    /** How long the server may send nothing, not even a pong, before the client closes and reconnects. Default 75 s. */
    public Connector<S> idleTimeout(Duration idleTimeout) {
        this.idleTimeout = positive("idleTimeout", idleTimeout);
        return this;
    }

    /** The executor handlers run on. Default: virtual threads on Java 21+, a small pool before. */
    public Connector<S> executor(Executor executor) {
        checkNotStarted();
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Starts connecting and returns at once.
     *
     * @return completes when the first connection is open; fails if the connector is closed
     *     first or, with {@link Reconnect#never()}, if the first attempt fails
     * @throws IllegalStateException if called twice
     */
    public synchronized CompletableFuture<Void> connect() {
        checkNotStarted();
        ClientSettings settings = new ClientSettings(uri, reconnect, maxMessageBytes, maxParams, maxQueuedMessages, maxQueuedBytes,
                maxOutboundBytes, maxPendingRequests, connectTimeout, pingInterval, idleTimeout, headers, query,
                "wss".equalsIgnoreCase(uri.getScheme()) ? TlsContexts.client(trustStore) : null, compression, resume,
                tokenSupplier == null ? null : new TokenSettings(tokenSupplier, tokenHeader, tokenPrefix, tokenQuery));
        ExecutorService owned = executor == null ? HandlerExecutors.create("wroustr-client-handler") : null;
        client = new NettyClient<>(settings, routes.router(state, maxParams), executor != null ? executor : owned, owned);
        return client.start();
    }

    /**
     * Waits until a connection is open.
     *
     * @return true if one is open, false if {@code timeout} passed first
     */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        NettyClient<S> started = started();
        try {
            started.connected().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** Whether a connection is open now. */
    public boolean isConnected() {
        NettyClient<S> started = client;
        return started != null && started.isOpen();
    }

    /** The dispatcher handlers get: sends now, or queues while disconnected. */
    public Dispatcher dispatcher() {
        return started();
    }

    /** Sends, or queues while disconnected; see the class comment. @return false if closed or the queue is full */
    public boolean send(Message message) {
        return started().send(message);
    }

    /** As {@link #send(Message)}, with raw text sent as written. */
    public boolean send(String text) {
        return started().send(text);
    }

    /**
     * Sends {@code message} as a request and returns the server's reply (PROTOCOL.md section 9):
     * see {@link Dispatcher#request}. Unlike a send, a request is not queued while disconnected:
     * it fails at once, as it does when the connection drops before the reply.
     *
     * <pre>{@code
     * Message reply = connector.request(Message.route("@TIME"), Duration.ofSeconds(5)).get();
     * long now = reply.params().getLong("now");
     * }</pre>
     */
    public CompletableFuture<Message> request(Message message, Duration timeout) {
        return started().request(message, timeout);
    }

    /** The uuid the server gave this connection in its welcome, or {@code null} while disconnected or from a server that sends none. */
    public String uuid() {
        NettyClient<S> started = client;
        return started == null ? null : started.uuid();
    }

    /** How many replies matched no waiting request and were dropped (PROTOCOL.md section 9, rule 1). */
    public long ignoredReplies() {
        return started().ignoredReplies();
    }

    /**
     * Stops reconnecting, closes the connection with 1000, waits (up to a few seconds) for
     * {@code DISCONNECTED} to run and the client's threads to stop. From inside a route it
     * starts all that and returns at once, as {@code dispatcher.close()} does.
     */
    @Override
    public void close() {
        NettyClient<S> started = client;
        if (started == null) return;
        // A route cannot wait for DISCONNECTED, which runs after it: it starts the close only.
        if (started.inRoute()) {
            started.closeAsync();
            return;
        }
        try {
            started.closeAsync().get(5, TimeUnit.SECONDS);
            started.awaitThreads(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing is best effort past this point: the threads are daemons.
        }
    }

    private NettyClient<S> started() {
        NettyClient<S> started = client;
        if (started == null) throw new IllegalStateException("connect() first");
        return started;
    }

    private void checkNotStarted() {
        if (client != null) throw new IllegalStateException("the connector has started: settings are fixed");
    }

    private int positive(String name, int value) {
        if (value < 1) throw new IllegalArgumentException(name + " < 1: " + value);
        checkNotStarted();
        return value;
    }

    private Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) throw new IllegalArgumentException(name + " must be positive: " + value);
        checkNotStarted();
        return value;
    }

    static URI parseUrl(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: \"" + url + "\"");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
            throw new IllegalArgumentException("URL must start with ws:// or wss://: \"" + url + "\"");
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("URL has no host: \"" + url + "\"");
        return uri;
    }

    // ---- compression ----

    private boolean compression;

    /**
     * Whether to offer permessage-deflate (RFC 7692) to the server; messages are compressed if
     * the server takes it up. {@link #maxMessageBytes} counts the inflated bytes. Default false.
     */
    public Connector<S> compression(boolean compression) {
        checkNotStarted();
        this.compression = compression;
        return this;
    }
}
