package dev.wroustr.server;

import dev.wroustr.Handler;
import dev.wroustr.Interceptor;
import dev.wroustr.Layer;
import dev.wroustr.LayerFunction;
import dev.wroustr.Message;
import dev.wroustr.TypedHandler;
import dev.wroustr.WroustrException;
import dev.wroustr.internal.HandlerExecutors;
import dev.wroustr.internal.RateLimiter;
import dev.wroustr.internal.RecordBinder;
import dev.wroustr.internal.Routes;
import dev.wroustr.internal.netty.DoorSettings;
import dev.wroustr.internal.netty.ExpirySettings;
import dev.wroustr.internal.netty.NettyServer;
import dev.wroustr.internal.netty.ResumeSettings;
import dev.wroustr.internal.netty.ServerSettings;
import dev.wroustr.internal.netty.TlsContexts;
import dev.wroustr.internal.netty.TrustedProxies;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * A wroustr server: construct it with an address and the application state, register routes,
 * layers and interceptors, then {@link #serve()} (blocks, the seed's way) or {@link #start()}.
 *
 * <pre>{@code
 * var server = new Server<>("127.0.0.1:9000", new AppState());
 * server.route("CONNECTED", (params, dispatcher, state) -> dispatcher.send("@CONNECTION-ESTABLISHED"));
 * server.route("@LOGIN", (params, dispatcher, state) ->
 *         dispatcher.send(Message.route("@LOGIN-DONE").param("success", true)));
 * server.serve();
 * }</pre>
 *
 * <p>Registration and settings happen before start, from one thread; once started they are
 * fixed and further calls throw {@link IllegalStateException}. Handlers run off the network
 * threads, one at a time per connection, in arrival order: see {@code docs/threading.md}.
 * Every route gets the connection's {@code uuid} param.
 *
 * <p>Limits and their defaults: {@link #maxMessageBytes} 64 KiB (over it: close 1009),
 * {@link #messageTimeout} 10 s for one message to arrive once begun (over it: close 1008),
 * {@link #maxParams} 128 (over it: {@code INVALID}), {@link #maxQueuedMessages} 1,024 and
 * {@link #maxQueuedBytes} 1 MiB per connection, {@link #maxQueuedBytesTotal} 256 MiB per server
 * (over them: stop reading that socket until handlers catch up),
 * {@link #maxOutboundBytes} 1 MiB per connection (over it: close 1008), {@link #slowReaderTimeout}
 * 10 s of an unwritable socket (over it: close 1008), {@link #maxFanOutBacklog} 16,384 copies of
 * broadcast and room frames waiting (over it: the sender waits), {@link #maxRoomsPerConnection}
 * 1,000 (over it: {@code join} throws), {@link #maxConnections} 10,000 (over it: HTTP 503),
 * {@link #pingInterval} 30 s, {@link #idleTimeout} 75 s (close 1001), {@link #handshakeTimeout} 10 s,
 * {@link #shutdownTimeout} 10 s, {@link #expiryGrace} 25 s past the expiry of credentials (close 3005).
 * Off by default: {@link #rateLimit} (past it: {@code LIMITED},
 * or close 1008), {@link #compression}, {@link #metrics}.
 *
 * <p>Fatal errors: an {@link OutOfMemoryError} (or another {@link VirtualMachineError} but a
 * stack overflow) in a handler, layer, interceptor or network thread stops the server: it stops
 * accepting, closes every connection with 1011, and {@link RunningServer#awaitClosed()} (so
 * {@link #serve()}) throws, so that the process ends and its supervisor restarts it. After such
 * an error a thread may have died half way through a connection's work; a server that went on
 * would serve some connections and strand others. Run with {@code -XX:+ExitOnOutOfMemoryError}
 * to have the JVM end at once even where no wroustr code sees the error.
 *
 * @param <S> the application state, shared by every handler (make its fields thread-safe)
 */
public final class Server<S> implements AutoCloseable {
    private final InetSocketAddress address;
    private final S state;
    private final Routes<ServerDispatcher, S> routes = new Routes<>();
    private final List<HandshakeCheck<S>> handshakeChecks = new ArrayList<>();
    private String path = "/";
    private int maxMessageBytes = 64 * 1024;
    private int maxParams = Message.DEFAULT_MAX_PARAMS;
    private int maxQueuedMessages = 1024;
    private int maxOutboundBytes = 1024 * 1024;
    private int maxConnections = 10_000;
    private int maxPendingRequests = 256;
    private int maxRoomsPerConnection = 1_000;
    private int maxQueuedBytes = 1024 * 1024;
    private long maxQueuedBytesTotal = 256L * 1024 * 1024;
    private int maxFanOutBacklog = 16_384;
    private Duration slowReaderTimeout = Duration.ofSeconds(10);
    private Duration messageTimeout = Duration.ofSeconds(10);
    private Duration resumeWindow;
    private Duration expiryGrace = Duration.ofSeconds(25);
    private RefreshCheck<S> refreshCheck;
    private int resumeMaxMessages = 1024;
    private long resumeMaxBytes = 1024 * 1024;
    private Cluster cluster;
    private HttpHandler<S> httpHandler;
    private Duration pingInterval = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(75);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private boolean inlineHandlers;
    private int eventLoopThreads;
    private Executor executor;
    private SslContext sslContext;
    private volatile RunningServer running;

    /**
     * @param address {@code host:port}, e.g. {@code 127.0.0.1:9000}, {@code 0.0.0.0:9000},
     *     {@code [::1]:9000}; port 0 picks a free port
     * @param state the application state passed to every handler; may be null
     */
    public Server(String address, S state) {
        this.address = parseAddress(address);
        this.state = state;
    }

    // ---- routes, layers, interceptors ----

    /**
     * Registers the handler of {@code route}: a custom route ({@code @NAME}) or a named one
     * ({@code CONNECTED}, {@code DISCONNECTED}, {@code UNKNOWN}, {@code INVALID}, {@code ERROR}).
     *
     * @throws IllegalArgumentException if the name is not a route or is registered already
     */
    public Server<S> route(String route, Handler<ServerDispatcher, S> handler) {
        routes.route(route, handler);
        return this;
    }

    /**
     * Registers the handler of {@code route} with its params bound to {@code type}, a record:
     * {@code route("@LOGIN", Login.class, (login, dispatcher, state) -> ...)}. A message whose
     * params do not bind raises {@code INVALID} ({@code bad-param}) and never reaches the
     * handler; see {@link TypedHandler} and {@link dev.wroustr.Params#as}.
     *
     * @throws IllegalArgumentException as {@link #route(String, Handler)}, or if a component of
     *     {@code type} has a type no param binds to
     */
    public <R extends Record> Server<S> route(String route, Class<R> type, TypedHandler<R, ServerDispatcher, S> handler) {
        routes.route(route, RecordBinder.handler(type, handler));
        return this;
    }

    /** Adds a layer; layers run in the order added, on the routes they apply to. See {@link Layer}. */
    public Server<S> layer(Layer layer, LayerFunction<ServerDispatcher, S> function) {
        routes.layer(layer, function);
        return this;
    }

    /** Adds an interceptor of incoming raw text; they run in the order added. See {@link Interceptor}. */
    public Server<S> interceptIncoming(Interceptor<S> interceptor) {
        routes.interceptIncoming(interceptor);
        return this;
    }

    /** Adds an interceptor of outgoing raw text; they run in the order added. See {@link Interceptor}. */
    public Server<S> interceptOutgoing(Interceptor<S> interceptor) {
        routes.interceptOutgoing(interceptor);
        return this;
    }

    /** Adds a check of every upgrade request; see {@link HandshakeCheck}. */
    public Server<S> handshakeCheck(HandshakeCheck<S> check) {
        Objects.requireNonNull(check, "check");
        checkNotStarted();
        handshakeChecks.add(check);
        return this;
    }

    /**
     * Answers plain HTTP requests (no WebSocket upgrade) on any path: a page hosting a browser
     * client, a health check. See {@link HttpHandler}. Without one, such requests get 404, or
     * 426 on the WebSocket path.
     */
    public Server<S> http(HttpHandler<S> handler) {
        Objects.requireNonNull(handler, "handler");
        checkNotStarted();
        this.httpHandler = handler;
        return this;
    }

    // ---- settings ----

    /** The HTTP path clients connect to; others get 404. Default {@code /}. */
    public Server<S> path(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': \"" + path + "\"");
        checkNotStarted();
        this.path = path;
        return this;
    }

    /** The largest message accepted, in bytes of UTF-8; a bigger one closes with 1009. Default 64 KiB. */
    public Server<S> maxMessageBytes(int maxMessageBytes) {
        this.maxMessageBytes = positive("maxMessageBytes", maxMessageBytes);
        return this;
    }

    /** The most params a message may carry; more makes it {@code INVALID} ({@code too-many-params}). Default 128. */
    public Server<S> maxParams(int maxParams) {
        this.maxParams = positive("maxParams", maxParams);
        return this;
    }

    /**
     * How many messages of one connection may wait for its handlers; past it the server stops
     * reading that socket (TCP pushes back on the client) until half have been handled.
     * Nothing is dropped. Default 1,024.
     */
    public Server<S> maxQueuedMessages(int maxQueuedMessages) {
        this.maxQueuedMessages = positive("maxQueuedMessages", maxQueuedMessages);
        return this;
    }

    /**
     * How many bytes may wait to be written to one connection; past it the connection is closed
     * with 1008, since its client reads too slowly. Default 1 MiB.
     */
    public Server<S> maxOutboundBytes(int maxOutboundBytes) {
        this.maxOutboundBytes = positive("maxOutboundBytes", maxOutboundBytes);
        return this;
    }

    /** How many connections may be open at once; past it handshakes get HTTP 503. Default 10,000. */
    public Server<S> maxConnections(int maxConnections) {
        this.maxConnections = positive("maxConnections", maxConnections);
        return this;
    }

    /**
     * How many requests the server may have waiting for replies on one connection
     * ({@link ServerDispatcher#request}); past it a request fails at once. Default 256.
     */
    public Server<S> maxPendingRequests(int maxPendingRequests) {
        this.maxPendingRequests = positive("maxPendingRequests", maxPendingRequests);
        return this;
    }

    /**
     * How many rooms one connection may be in; a {@link ServerDispatcher#join} past it throws
     * {@link IllegalStateException} (in a handler: its {@code ERROR}), so no client can grow the
     * server's memory by joining rooms. Default 1,000.
     */
    public Server<S> maxRoomsPerConnection(int maxRoomsPerConnection) {
        this.maxRoomsPerConnection = positive("maxRoomsPerConnection", maxRoomsPerConnection);
        return this;
    }

    /**
     * How many bytes of messages (counted as chars) one connection may have waiting for its
     * handlers; past it the server stops reading that socket, as for {@link #maxQueuedMessages}.
     * Default 1 MiB.
     */
    public Server<S> maxQueuedBytes(int maxQueuedBytes) {
        this.maxQueuedBytes = positive("maxQueuedBytes", maxQueuedBytes);
        return this;
    }

    /**
     * How many bytes of messages may wait for handlers across all connections; past it a
     * connection that reads more stops being read until its own queue is half worked off.
     * Default 256 MiB.
     */
    public Server<S> maxQueuedBytesTotal(long maxQueuedBytesTotal) {
        if (maxQueuedBytesTotal < 1) throw new IllegalArgumentException("maxQueuedBytesTotal < 1: " + maxQueuedBytesTotal);
        checkNotStarted();
        this.maxQueuedBytesTotal = maxQueuedBytesTotal;
        return this;
    }

    /**
     * How many copies of broadcast and room frames may wait, across the server, for the network
     * threads to write them. Past it a broadcast or room send from a handler (or any thread that
     * is not a network thread) waits until the copies before it are written: the sender whose
     * fan-out outpaces the network is slowed, its own messages then wait, and TCP pushes back on
     * its client. The readers are not blamed for the server's own backlog. Default 16,384.
     */
    public Server<S> maxFanOutBacklog(int maxFanOutBacklog) {
        this.maxFanOutBacklog = positive("maxFanOutBacklog", maxFanOutBacklog);
        return this;
    }

    /**
     * How long a connection's socket may stay unwritable (its client not reading what the
     * kernel holds for it, and half of {@link #maxOutboundBytes} more waiting in the server)
     * before it is closed with 1008 as a slow reader. Default 10 s.
     */
    public Server<S> slowReaderTimeout(Duration slowReaderTimeout) {
        this.slowReaderTimeout = atLeast("slowReaderTimeout", slowReaderTimeout, Duration.ofMillis(1));
        return this;
    }

    /**
     * How long one message (every fragment of it) may take to arrive once its first byte has;
     * past it the connection is closed with 1008. A client trickling a frame a byte at a time
     * cannot hold a connection, and the buffer of its message, for ever. Default 10 s.
     */
    public Server<S> messageTimeout(Duration messageTimeout) {
        this.messageTimeout = atLeast("messageTimeout", messageTimeout, Duration.ofMillis(1));
        return this;
    }

    /**
     * Turns resume on (PROTOCOL.md section 11): a client whose connection drops (no close
     * frame, or the idle timeout) and that comes back within {@code window} gets the same
     * session: its uuid, rooms, attributes and pending requests, what was sent to it meanwhile,
     * in order, and it sends again only what the server did not get. Handlers see one session:
     * no {@code DISCONNECTED} and {@code CONNECTED} for a resume; {@code DISCONNECTED} runs when
     * the window runs out. While away, a session is online ({@code isOnline}, {@code connections()},
     * its rooms) and what is sent to it is kept. A close frame from either side ends the session.
     * Off by default. With a {@link #cluster} that keeps sessions ({@link Cluster#sessions}, as
     * {@code wroustr-redis} does), a session resumes on any node, and its node's death loses
     * nothing sent to it; otherwise it resumes on the node it left.
     */
    public Server<S> resume(Duration window) {
        this.resumeWindow = atLeast("resume window", window, Duration.ofMillis(1));
        return this;
    }

    /**
     * How long past the expiry of a connection's credentials ({@link HandshakeResult#expiresAt})
     * the server waits for a refresh before it closes the connection with
     * {@link dev.wroustr.CloseCodes#CREDENTIALS_EXPIRED}: room for a client whose clock or network
     * is slow (PROTOCOL.md section 12). Default 25 s.
     */
    public Server<S> expiryGrace(Duration expiryGrace) {
        this.expiryGrace = nonNegative("expiryGrace", expiryGrace);
        return this;
    }

    /**
     * Lets clients refresh their credentials in band, before they expire (PROTOCOL.md section
     * 12): see {@link RefreshCheck}. Without one, every refresh is refused, so a client whose
     * credentials expire reconnects with new ones instead.
     */
    public Server<S> refreshCheck(RefreshCheck<S> refreshCheck) {
        checkNotStarted();
        this.refreshCheck = Objects.requireNonNull(refreshCheck, "refreshCheck");
        return this;
    }

    /**
     * What each side keeps of what it sent and the other has not acknowledged, for a resume:
     * past either bound the session can no longer resume (a later drop ends it, and the client
     * is told {@code overrun}). Default 1,024 messages and 1 MiB.
     */
    public Server<S> resumeBuffer(int messages, long bytes) {
        this.resumeMaxMessages = positive("resumeBuffer messages", messages);
        if (bytes < 1) throw new IllegalArgumentException("resumeBuffer bytes < 1: " + bytes);
        this.resumeMaxBytes = bytes;
        return this;
    }

    /**
     * Runs this server as one node of {@code cluster}: {@code sendTo}, broadcasts, room sends and
     * presence then span every node, with no change to handlers. See {@link Cluster}.
     */
    public Server<S> cluster(Cluster cluster) {
        checkNotStarted();
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        return this;
    }

    /** How long a connection may be quiet before the server pings it; zero turns heartbeats off. Default 30 s. */
    public Server<S> pingInterval(Duration pingInterval) {
        this.pingInterval = nonNegative("pingInterval", pingInterval);
        return this;
    }

    /** How long a connection may send nothing, not even a pong, before it is closed with 1001. Default 75 s; must be positive. */
    public Server<S> idleTimeout(Duration idleTimeout) {
        this.idleTimeout = atLeast("idleTimeout", idleTimeout, Duration.ofNanos(1));
        return this;
    }

    /** How long a new connection has to complete its HTTP upgrade before it is cut. Default 10 s; at least 1 ms. */
    public Server<S> handshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = atLeast("handshakeTimeout", handshakeTimeout, Duration.ofMillis(1));
        return this;
    }

    /** How long {@link #close()} waits for running handlers and {@code DISCONNECTED} routes. Default 10 s. */
    public Server<S> shutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = nonNegative("shutdownTimeout", shutdownTimeout);
        return this;
    }

    /**
     * Runs handlers on the network thread that read the message, with no hand-off: faster, for
     * handlers that never block. A blocking handler in this mode stalls every connection of
     * its thread. Default false.
     */
    public Server<S> inlineHandlers(boolean inlineHandlers) {
        checkNotStarted();
        this.inlineHandlers = inlineHandlers;
        return this;
    }

    /**
     * The executor handlers run on. Default: a virtual thread per task on Java 21+, a bounded
     * pool of platform threads before. The server does not shut down an executor given here.
     */
    public Server<S> executor(Executor executor) {
        checkNotStarted();
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /** Network threads; 0 (the default) for twice the cores. */
    public Server<S> eventLoopThreads(int eventLoopThreads) {
        if (eventLoopThreads < 0) throw new IllegalArgumentException("eventLoopThreads < 0: " + eventLoopThreads);
        checkNotStarted();
        this.eventLoopThreads = eventLoopThreads;
        return this;
    }

    /** Serves {@code wss://} with a certificate chain and a private key (PKCS#8) from PEM files. */
    public Server<S> tls(Path certificateChainPem, Path privateKeyPem) {
        checkNotStarted();
        this.sslContext = TlsContexts.server(certificateChainPem, privateKeyPem);
        return this;
    }

    /** Serves {@code wss://} with the key and certificate of {@code keyStore}. */
    public Server<S> tls(KeyStore keyStore, char[] password) {
        checkNotStarted();
        this.sslContext = TlsContexts.server(keyStore, password);
        return this;
    }

    // ---- lifecycle ----

    /**
     * Binds and starts serving, returning at once. A {@code Server} starts once: to serve again
     * after {@link RunningServer#close()}, build a new one.
     *
     * @throws WroustrException if the address cannot be bound (in use, say)
     * @throws IllegalStateException if started before, whether it is running or closed
     */
    public synchronized RunningServer start() {
        if (running != null) {
            throw new IllegalStateException(running.isClosed()
                    ? "this server was closed: a Server starts once, build a new one to serve again"
                    : "this server is running already: a Server starts once");
        }
        ServerSettings<S> settings = new ServerSettings<>(path, maxMessageBytes, maxParams, maxQueuedMessages,
                maxOutboundBytes, maxConnections, maxPendingRequests, maxRoomsPerConnection, maxQueuedBytes, maxQueuedBytesTotal,
                maxFanOutBacklog, slowReaderTimeout, messageTimeout, pingInterval, idleTimeout, handshakeTimeout,
                shutdownTimeout, inlineHandlers, eventLoopThreads, sslContext, List.copyOf(handshakeChecks), cluster, httpHandler,
                compression, rateLimiter(), metrics,
                new DoorSettings(maxUriBytes, maxHeaderBytes, maxConnectionsPerAddress, maxHandshakesPerSecondPerAddress, trustedProxies),
                resumeWindow == null ? null : new ResumeSettings(resumeWindow, resumeMaxMessages, resumeMaxBytes),
                new ExpirySettings<>(expiryGrace, refreshCheck));
        ExecutorService owned = executor == null ? HandlerExecutors.create("wroustr-handler") : null;
        NettyServer<S> server = NettyServer.bind(address, settings, routes.router(state, maxParams),
                executor != null ? executor : owned, owned);
        running = new RunningServer(server, sslContext != null, path);
        return running;
    }

    /**
     * {@link #start()}, then blocks until the server is closed (from another thread or a handler).
     *
     * @throws WroustrException if the server stopped itself after a fatal error (see above)
     */
    public void serve() throws InterruptedException {
        RunningServer server = start();
        try {
            server.awaitClosed();
        } catch (InterruptedException e) {
            server.close();
            throw e;
        }
    }

    /** The running server, or {@code null} before {@link #start()}. */
    public RunningServer running() {
        return running;
    }

    /** Closes the running server, if any; see {@link RunningServer#close()}. */
    @Override
    public void close() {
        RunningServer server = running;
        if (server != null) server.close();
    }

    private void checkNotStarted() {
        if (running != null) throw new IllegalStateException("the server has started: settings are fixed");
    }

    private int positive(String name, int value) {
        if (value < 1) throw new IllegalArgumentException(name + " < 1: " + value);
        checkNotStarted();
        return value;
    }

    private Duration atLeast(String name, Duration value, Duration least) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(least) < 0) throw new IllegalArgumentException(name + " must be at least " + least + ": " + value);
        checkNotStarted();
        return value;
    }

    private Duration nonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) throw new IllegalArgumentException(name + " is negative: " + value);
        checkNotStarted();
        return value;
    }

    static InetSocketAddress parseAddress(String address) {
        Objects.requireNonNull(address, "address");
        int colon = address.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("address must be host:port: \"" + address + "\"");
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number: \"" + address + "\"");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port not in 0..65535: \"" + address + "\"");
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    // ---- compression ----

    private boolean compression;

    /**
     * Whether to compress messages with permessage-deflate (RFC 7692) for clients that offer
     * it; others are served as before. {@link #maxMessageBytes} counts the inflated bytes, so a
     * message that inflates past it closes with 1009 without being inflated whole. It saves
     * bandwidth on text that repeats itself and costs CPU, and some 300 KiB of deflate state
     * per compressing connection. Default false.
     */
    public Server<S> compression(boolean compression) {
        checkNotStarted();
        this.compression = compression;
        return this;
    }

    // ---- rate limits ----

    private final Map<String, RateLimiter.Limit> rateLimits = new LinkedHashMap<>();
    private RateLimiter.Limit defaultRateLimit;
    private RateLimitAction rateLimitAction = RateLimitAction.REPORT;

    /**
     * Limits how often each connection may send to {@code route}: {@code messages} per
     * {@code period}, as a token bucket, so a connection that has been quiet may send
     * {@code messages} at once and then one every {@code period / messages}. Past it the
     * handler does not run; see {@link #onRateLimit}. Counted after parsing, for messages to
     * registered routes, before layers. No limit by default.
     *
     * @throws IllegalArgumentException if {@code route} is not a custom route, has a limit
     *     already, {@code messages < 1}, or {@code period} is not positive or too short to
     *     give each message a nanosecond
     */
    public Server<S> rateLimit(String route, int messages, Duration period) {
        Objects.requireNonNull(route, "route");
        if (!route.startsWith("@")) throw new IllegalArgumentException("rate limits apply to custom routes (@NAME): \"" + route + "\"");
        Message.route(route); // throws, naming the route, where it is not one
        RateLimiter.Limit limit = limit(messages, period);
        if (rateLimits.containsKey(route)) throw new IllegalArgumentException("rate limit set twice for \"" + route + "\"");
        rateLimits.put(route, limit);
        return this;
    }

    /**
     * Limits how often each connection may send to the routes without a limit of their own:
     * {@code messages} per {@code period} over all of them together (one bucket per
     * connection). See {@link #rateLimit(String, int, Duration)}. No limit by default.
     */
    public Server<S> rateLimit(int messages, Duration period) {
        RateLimiter.Limit limit = limit(messages, period);
        if (defaultRateLimit != null) throw new IllegalArgumentException("default rate limit set twice");
        defaultRateLimit = limit;
        return this;
    }

    /**
     * What happens to a message past its rate limit: {@link RateLimitAction#REPORT} (the
     * default) raises {@code LIMITED}, or drops it if no such route is registered;
     * {@link RateLimitAction#CLOSE} closes the connection with 1008.
     */
    public Server<S> onRateLimit(RateLimitAction action) {
        Objects.requireNonNull(action, "action");
        checkNotStarted();
        rateLimitAction = action;
        return this;
    }

    private RateLimiter.Limit limit(int messages, Duration period) {
        if (messages < 1) throw new IllegalArgumentException("messages < 1: " + messages);
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive: " + period);
        long nanos;
        try {
            nanos = period.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("period too long: " + period);
        }
        if (nanos / messages < 1) throw new IllegalArgumentException(messages + " messages per " + period + " is over one a nanosecond");
        checkNotStarted();
        return new RateLimiter.Limit(messages, period);
    }

    private RateLimiter rateLimiter() {
        if (rateLimits.isEmpty() && defaultRateLimit == null) return null;
        return new RateLimiter(rateLimits, defaultRateLimit, rateLimitAction);
    }

    // ---- metrics ----

    private ServerMetrics metrics = ServerMetrics.NONE;

    /**
     * Where the server reports connections, messages, handler times, limits and rejections; see
     * {@link ServerMetrics}, and the {@code wroustr-micrometer} module for Micrometer. Handler
     * times are measured only while one is set. Default {@link ServerMetrics#NONE}.
     */
    public Server<S> metrics(ServerMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        checkNotStarted();
        this.metrics = metrics;
        return this;
    }

    // ---- the door: per client address, and the size of the HTTP request ----

    private int maxConnectionsPerAddress = 500;
    private int maxHandshakesPerSecondPerAddress = 50;
    private TrustedProxies trustedProxies = TrustedProxies.NONE;
    private int maxUriBytes = 8 * 1024;
    private int maxHeaderBytes = 16 * 1024;

    /**
     * How many connections one client address may hold open; past it its handshakes get HTTP
     * 429 (and {@link ServerMetrics#connectionsPerAddressLimited}). An IPv6 address counts by
     * its /64; loopback addresses are not limited. Behind a proxy, see {@link #trustProxies}.
     * Default 500: an office behind one NAT address gets in, one machine cannot take the
     * server's {@link #maxConnections} alone.
     */
    public Server<S> maxConnectionsPerAddress(int maxConnectionsPerAddress) {
        this.maxConnectionsPerAddress = positive("maxConnectionsPerAddress", maxConnectionsPerAddress);
        return this;
    }

    /**
     * How many upgrade requests one client address may make a second (a token bucket: a
     * quiet address may make that many at once); past it they get HTTP 429 (and
     * {@link ServerMetrics#handshakeRateLimited}). Counted like {@link #maxConnectionsPerAddress}.
     * Default 50: the clients of a NAT'd office reconnecting after a restart get in within
     * seconds (a refused client retries with its backoff), one address cannot keep the
     * handshake path busy.
     */
    public Server<S> maxHandshakesPerSecondPerAddress(int maxHandshakesPerSecondPerAddress) {
        this.maxHandshakesPerSecondPerAddress = positive("maxHandshakesPerSecondPerAddress", maxHandshakesPerSecondPerAddress);
        return this;
    }

    /**
     * The proxies (IP addresses, or CIDR blocks such as {@code 10.0.0.0/8}) whose
     * {@code Forwarded} or {@code X-Forwarded-For} header names the client. For a request from
     * one of them, the client address is the nearest hop of that header, read from the right,
     * that is not itself a trusted proxy: the per-address limits count it, and
     * {@link HandshakeRequest#remoteAddress()} gives it. Those headers from anyone else are
     * ignored. Default: none.
     *
     * @throws IllegalArgumentException naming an entry that is not an IP literal or block
     */
    public Server<S> trustProxies(String... proxies) {
        TrustedProxies parsed = TrustedProxies.of(proxies);
        checkNotStarted();
        this.trustedProxies = parsed;
        return this;
    }

    /**
     * The longest request URI (path and query) accepted, in bytes; a longer one gets HTTP 414.
     * Default 8 KiB, room for a long token in the query.
     */
    public Server<S> maxUriBytes(int maxUriBytes) {
        this.maxUriBytes = positive("maxUriBytes", maxUriBytes);
        return this;
    }

    /**
     * The most bytes of HTTP headers a request may carry, all lines together; more, or more
     * than 100 header lines, gets HTTP 431. Default 16 KiB.
     */
    public Server<S> maxHeaderBytes(int maxHeaderBytes) {
        this.maxHeaderBytes = positive("maxHeaderBytes", maxHeaderBytes);
        return this;
    }
}
