package dev.wroustr.cli;

import dev.wroustr.Message;
import dev.wroustr.NamedRoutes;
import dev.wroustr.Params;
import dev.wroustr.server.AttributeKey;
import dev.wroustr.server.Cluster;
import dev.wroustr.server.HandshakeCheck;
import dev.wroustr.server.HandshakeResult;
import dev.wroustr.server.Server;
import dev.wroustr.server.ServerDispatcher;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The chat server behind {@code wroustr demo}, usable in-process by tests and benchmarks:
 *
 * <pre>{@code
 * try (RunningServer running = DemoServer.create("127.0.0.1", 0).start()) {
 *     URI uri = running.uri();   // ws://127.0.0.1:PORT/
 * }
 * }</pre>
 *
 * <p>Routes (every reply is canonical wroustr text):
 * <ul>
 *   <li>{@code @PING} -> {@code @PONG}
 *   <li>{@code @ECHO} -> {@code @ECHO} with the params it got, in order, without the server's {@code uuid}
 *   <li>{@code @JOIN #name N} -> to everyone {@code @JOINED #name N #uuid U}, N unique: a name someone
 *       holds gets a suffix, {@code bob (2)} ({@link DemoPresence})
 *   <li>a joined user's session ends -> to everyone {@code @LEFT #name N #uuid U}
 *   <li>{@code @SAY #text T} -> to everyone {@code @SAID #name N #text T}, N as given at {@code @JOIN}
 *   <li>{@code @WHO} -> {@code @USER #uuid U #name N} for each joined user, sorted by name, at most
 *       {@value #MAX_LISTED} of them, then {@code @USERS #count C #names 'a, b'} (and {@code #truncated
 *       true} when there were more); in a cluster, of every node: a joined user is the member of a
 *       room named after its name
 *   <li>{@code @ROOMS} -> {@code @ROOM #room R #members N} for each room, then {@code @ROOMS #count C}
 *   <li>{@code @DM #to UUID #text T} -> to that client {@code @DM #from UUID #text T}; to the sender
 *       {@code @ERROR #reason 'no such client'} when it is gone
 *   <li>{@code @ROOM-JOIN #room R}, {@code @ROOM-LEAVE #room R}, {@code @ROOM-SAY #room R #text T}: see {@link DemoRooms}
 *   <li>{@code @TIME} -> {@code @TIME #now <epoch millis>}, a reply when asked as a request
 *   <li>an invalid text -> {@code @INVALID #error KIND #offset N}; an unknown route -> {@code @UNKNOWN #route R}
 * </ul>
 * Plain HTTP on the port serves the chat page of {@code wroustr-js/demo} at {@code /} ({@link DemoPage}).
 *
 * <p>Bounds, as a server on the open internet needs them: each connection may send each chat
 * route a few times a second ({@link #RATE_LIMITS}; past it {@code @LIMITED #route R}), hold
 * {@value DemoRooms#MAX_ROOMS} rooms, and join rooms whose names the demo keeps for its users
 * ({@code name:...}) only through {@code @JOIN}. Connections come only from pages of the demo's
 * own origin (or with no {@code Origin}, from non-browser clients), and from the origins given.
 * A request missing a param gets {@code @ERROR #reason 'missing #name'} (and so on); a handler
 * failure gets {@code @ERROR #reason 'internal error'}, never the exception's text.
 */
public final class DemoServer {
    /** Per connection, each chat route: how many a second (a token bucket, so that many at once after a pause). */
    static final Map<String, Integer> RATE_LIMITS = Map.of(
            "@JOIN", 5, "@SAY", 10, "@WHO", 5, "@DM", 10, "@ROOM-JOIN", 20, "@ROOM-LEAVE", 20, "@ROOM-SAY", 10,
            "@ROOMS", 5);
    /** The most names {@code @WHO} lists, and rooms {@code @ROOMS}, so their answers stay small. */
    static final int MAX_LISTED = 100;
    /** Allows every origin, given to {@code --allow-origin}. */
    static final String ANY_ORIGIN = "*";
    /**
     * The client's address as the server sees it (a proxy's forwarded client, when trusted), for
     * the connect and resume lines: a note, so a resume from another address takes that address.
     */
    private static final AttributeKey<String> ADDRESS = AttributeKey.of("demo.address", String.class);

    private final DemoPresence presence;
    private final DemoRooms rooms;
    private final Consumer<String> events;
    private Server<DemoServer> server;

    private DemoServer(Consumer<String> events, boolean clustered) {
        this.events = events;
        this.presence = new DemoPresence(clustered, () -> server.running());
        this.rooms = new DemoRooms(clustered, () -> server.running());
    }

    /** The demo on {@code host}:{@code port} (0 for any free port), not started yet, printing nothing. */
    public static Server<DemoServer> create(String host, int port) {
        return create(host, port, line -> { });
    }

    /**
     * The demo on {@code host}:{@code port}, not started yet, that hands {@code events} one line
     * for each connect and disconnect. {@code events} is called from handler threads.
     */
    public static Server<DemoServer> create(String host, int port, Consumer<String> events) {
        return create(host, port, events, null, Set.of());
    }

    /**
     * The demo as {@code wroustr demo} runs it: on {@code host}:{@code port}, handing
     * {@code events} a line for each connect and disconnect, one node of {@code cluster} (or
     * alone, if null), and accepting connections from pages of its own origin, from clients
     * that send no {@code Origin}, and from {@code allowedOrigins} ({@value #ANY_ORIGIN}: any).
     */
    public static Server<DemoServer> create(String host, int port, Consumer<String> events, Cluster cluster,
            Set<String> allowedOrigins) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(allowedOrigins, "allowedOrigins");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        String hostAndPort = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        DemoServer state = new DemoServer(events, cluster != null);
        state.server = new Server<>(hostAndPort, state);
        if (cluster != null) state.server.cluster(cluster);
        // A client whose network drops comes back to the same session, nothing lost (on the node it left).
        state.server.resume(RESUME_WINDOW);
        if (!allowedOrigins.contains(ANY_ORIGIN)) {
            state.server.handshakeCheck(HandshakeCheck.sameOrigin(allowedOrigins.toArray(String[]::new)));
        }
        // Reads the request only: on the network thread, no hand-off to a handler thread per handshake.
        // A note, not identity: a phone that switches networks comes back from another address, and resumes.
        state.server.handshakeCheck(HandshakeCheck.nonBlocking((request, demo) -> HandshakeResult.accept()
                .note(ADDRESS, request.remoteAddress().getHostString())));
        RATE_LIMITS.forEach((route, perSecond) -> state.server.rateLimit(route, perSecond, Duration.ofSeconds(1)));
        return state.server
                .route(NamedRoutes.CONNECTED, DemoServer::connected)
                .route(NamedRoutes.DISCONNECTED, DemoServer::disconnected)
                .route(NamedRoutes.RESUMED, (params, dispatcher, demo) -> demo.events.accept("resumed       " + dispatcher.uuid()
                        + "  from " + dispatcher.attribute(ADDRESS) + "  (nothing lost)"))
                .route("@PING", (params, dispatcher, demo) -> dispatcher.send(Message.route("@PONG")))
                .route("@ECHO", DemoServer::echo)
                .route("@JOIN", DemoServer::join)
                .route("@SAY", DemoServer::say)
                .route("@WHO", DemoServer::who)
                .route("@DM", DemoServer::dm)
                .route("@ROOM-JOIN", DemoRooms::join)
                .route("@ROOM-LEAVE", DemoRooms::leave)
                .route("@ROOM-SAY", DemoRooms::say)
                .route("@ROOMS", (params, dispatcher, demo) -> demo.rooms.list().forEach(dispatcher::send))
                .route("@TIME", (params, dispatcher, demo) ->
                        dispatcher.reply(Message.route("@TIME").param("now", System.currentTimeMillis())))
                .http(DemoPage::serve)
                .route(NamedRoutes.INVALID, (params, dispatcher, demo) -> dispatcher.send(Message.route("@INVALID")
                        .param("error", params.require("error"))
                        .param("offset", params.require("offset"))))
                .route(NamedRoutes.UNKNOWN, (params, dispatcher, demo) ->
                        dispatcher.send(Message.route("@UNKNOWN").param("route", params.require("route"))))
                .route(NamedRoutes.LIMITED, (params, dispatcher, demo) ->
                        dispatcher.send(Message.route("@LIMITED").param("route", params.require("route"))))
                .route(NamedRoutes.ERROR, (params, dispatcher, demo) -> dispatcher.send(error("internal error")));
    }

    static void connected(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        demo.events.accept("connected     " + dispatcher.uuid() + "  from " + dispatcher.attribute(ADDRESS)
                + "  (" + dispatcher.connections().size() + " online)");
    }

    static void disconnected(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        String name = demo.presence.leave(dispatcher.uuid());
        if (name != null) dispatcher.broadcast(Message.route("@LEFT").param("name", name).param("uuid", dispatcher.uuid()));
        String reason = params.get("reason", "");
        demo.events.accept("disconnected  " + dispatcher.uuid() + (name == null ? "" : " " + name)
                + "  code " + params.get("code", "?") + (reason.isEmpty() ? "" : " '" + reason + "'")
                + "  (" + dispatcher.connections().size() + " online)");
    }

    static void echo(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        // The router adds the server's "uuid"; the client did not send it (or its own was overwritten).
        dispatcher.send(Message.of("@ECHO", params.without("uuid")));
    }

    /** How long a dropped session is kept for its client to resume it. */
    static final Duration RESUME_WINDOW = Duration.ofMinutes(2);

    static void join(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        String requested = params.get("name", "").strip();
        if (requested.isEmpty()) {
            dispatcher.send(error("missing #name"));
            return;
        }
        DemoPresence.Joined joined = demo.presence.join(requested, dispatcher);
        if (joined.error() != null) {
            dispatcher.send(error(joined.error()));
            return;
        }
        dispatcher.broadcast(Message.route("@JOINED").param("name", joined.name()).param("uuid", dispatcher.uuid()));
    }

    static void say(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        String text = params.get("text");
        if (text == null) {
            dispatcher.send(error("missing #text"));
            return;
        }
        String name = demo.presence.nameOf(dispatcher.uuid());
        if (name == null) {
            dispatcher.send(error("join first: @JOIN #name N"));
            return;
        }
        dispatcher.broadcast(Message.route("@SAID").param("name", name).param("text", text));
    }

    static void who(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        demo.presence.who().forEach(dispatcher::send);
    }

    static void dm(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        String to = params.get("to");
        String text = params.get("text");
        if (to == null || text == null) {
            dispatcher.send(error(to == null ? "missing #to" : "missing #text"));
            return;
        }
        Message dm = Message.route("@DM").param("from", dispatcher.uuid()).param("text", text);
        if (!dispatcher.sendTo(to, dm)) dispatcher.send(error("no such client"));
    }

    static Message error(String reason) {
        return Message.route("@ERROR").param("reason", reason);
    }
}
