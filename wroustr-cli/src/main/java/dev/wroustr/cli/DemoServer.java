package dev.wroustr.cli;

import dev.wroustr.Message;
import dev.wroustr.NamedRoutes;
import dev.wroustr.Params;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.server.ServerDispatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *   <li>{@code @JOIN #name N} -> to everyone {@code @JOINED #name N #uuid U}
 *   <li>{@code @SAY #text T} -> to everyone {@code @SAID #name N #text T}, N as given at {@code @JOIN}
 *   <li>{@code @WHO} -> {@code @USERS #count C #names 'a, b'} (the joined users' names, sorted; in a
 *       cluster, of every node: a joined user is the member of a room named after its name)
 *   <li>{@code @DM #to UUID #text T} -> to that client {@code @DM #from UUID #text T}; to the sender
 *       {@code @ERROR #reason 'no such client'} when it is gone
 *   <li>{@code @ROOM-JOIN #room R}, {@code @ROOM-LEAVE #room R}, {@code @ROOM-SAY #room R #text T}: see {@link DemoRooms}
 *   <li>{@code @TIME} -> {@code @TIME #now <epoch millis>}, a reply when asked as a request
 *   <li>an invalid text -> {@code @INVALID #error KIND #offset N}; an unknown route -> {@code @UNKNOWN #route R}
 * </ul>
 * Plain HTTP on the port serves the chat page of {@code wroustr-js/demo} at {@code /} ({@link DemoPage}).
 * A request missing a param gets {@code @ERROR #reason 'missing #name'} (and so on); a handler
 * failure gets {@code @ERROR #reason 'internal error'}, never the exception's text.
 */
public final class DemoServer {
    // This node's joined users by uuid; every node's are the members of the name rooms.
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Consumer<String> events;
    private Server<DemoServer> server;

    private DemoServer(Consumer<String> events) {
        this.events = events;
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
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(events, "events");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        String hostAndPort = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        DemoServer state = new DemoServer(events);
        state.server = new Server<>(hostAndPort, state);
        return state.server
                .route(NamedRoutes.CONNECTED, DemoServer::connected)
                .route(NamedRoutes.DISCONNECTED, DemoServer::disconnected)
                .route("@PING", (params, dispatcher, demo) -> dispatcher.send(Message.route("@PONG")))
                .route("@ECHO", DemoServer::echo)
                .route("@JOIN", DemoServer::join)
                .route("@SAY", DemoServer::say)
                .route("@WHO", DemoServer::who)
                .route("@DM", DemoServer::dm)
                .route("@ROOM-JOIN", DemoRooms::join)
                .route("@ROOM-LEAVE", DemoRooms::leave)
                .route("@ROOM-SAY", DemoRooms::say)
                .route("@TIME", (params, dispatcher, demo) ->
                        dispatcher.reply(Message.route("@TIME").param("now", System.currentTimeMillis())))
                .http(DemoPage::serve)
                .route(NamedRoutes.INVALID, (params, dispatcher, demo) -> dispatcher.send(Message.route("@INVALID")
                        .param("error", params.require("error"))
                        .param("offset", params.require("offset"))))
                .route(NamedRoutes.UNKNOWN, (params, dispatcher, demo) ->
                        dispatcher.send(Message.route("@UNKNOWN").param("route", params.require("route"))))
                .route(NamedRoutes.ERROR, (params, dispatcher, demo) -> dispatcher.send(error("internal error")));
    }

    static void connected(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        demo.events.accept("connected     " + dispatcher.uuid() + "  (" + dispatcher.connections().size() + " online)");
    }

    static void disconnected(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        String name;
        synchronized (demo.names) {
            name = demo.names.remove(dispatcher.uuid());
        }
        String reason = params.get("reason", "");
        demo.events.accept("disconnected  " + dispatcher.uuid() + (name == null ? "" : " " + name)
                + "  code " + params.get("code", "?") + (reason.isEmpty() ? "" : " '" + reason + "'")
                + "  (" + dispatcher.connections().size() + " online)");
    }

    static void echo(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        // The router adds the server's "uuid"; the client did not send it (or its own was overwritten).
        dispatcher.send(Message.of("@ECHO", params.without("uuid")));
    }

    static void join(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        String name = params.get("name");
        if (name == null) {
            dispatcher.send(error("missing #name"));
            return;
        }
        String room = DemoNames.room(name);
        if (room == null) {
            dispatcher.send(error("name too long: at most " + DemoNames.MAX_BYTES + " bytes of UTF-8"));
            return;
        }
        String before;
        synchronized (demo.names) {
            before = demo.names.put(dispatcher.uuid(), name);
        }
        if (before != null) dispatcher.leave(DemoNames.room(before));
        dispatcher.join(room);
        dispatcher.broadcast(Message.route("@JOINED").param("name", name).param("uuid", dispatcher.uuid()));
    }

    static void say(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        String text = params.get("text");
        if (text == null) {
            dispatcher.send(error("missing #text"));
            return;
        }
        String name;
        synchronized (demo.names) {
            name = demo.names.get(dispatcher.uuid());
        }
        if (name == null) {
            dispatcher.send(error("join first: @JOIN #name N"));
            return;
        }
        dispatcher.broadcast(Message.route("@SAID").param("name", name).param("text", text));
    }

    static void who(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        RunningServer running = demo.server.running();
        List<String> joined = new ArrayList<>();
        int count = 0;
        for (String room : running.rooms()) {
            String name = DemoNames.name(room);
            if (name == null) continue;
            joined.add(name);
            count += running.toRoom(room).members().size();
        }
        Collections.sort(joined);
        dispatcher.send(Message.route("@USERS").param("count", count).param("names", String.join(", ", joined)));
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
