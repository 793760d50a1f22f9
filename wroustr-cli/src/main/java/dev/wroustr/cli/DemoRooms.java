package dev.wroustr.cli;

import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.server.Room;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.ServerDispatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The demo's room routes: join, leave and say something to the others in a room; and the list
 * of the rooms there are. Counts are of every node in a cluster: they come from the rooms'
 * members, which a cluster shares.
 */
final class DemoRooms {
    /** Rooms one connection may be in through {@code @ROOM-JOIN}, so no client can make the server hold rooms without end. */
    static final int MAX_ROOMS = 64;

    private final Supplier<RunningServer> running;
    private final OnceASecond<List<Message>> everyNode;
    private final boolean clustered;

    DemoRooms(boolean clustered, Supplier<RunningServer> running) {
        this.clustered = clustered;
        this.running = running;
        this.everyNode = new OnceASecond<>(() -> read(running.get()));
    }

    /**
     * {@code @ROOMS}'s answer: {@code @ROOM #room R #members N} for each of the first
     * {@value DemoServer#MAX_LISTED} rooms by name (not the names' rooms), then {@code @ROOMS
     * #count C} (and {@code #truncated true} when there were more). In a cluster, of every node,
     * read from Redis at most once a second.
     */
    List<Message> list() {
        return clustered ? everyNode.get() : read(running.get());
    }

    private static List<Message> read(RunningServer running) {
        TreeSet<String> rooms = new TreeSet<>();
        for (String room : running.rooms()) if (!DemoNames.isNameRoom(room)) rooms.add(room);
        List<Message> answer = new ArrayList<>();
        for (String room : rooms) {
            if (answer.size() == DemoServer.MAX_LISTED) break;
            answer.add(Message.route("@ROOM").param("room", room).param("members", running.toRoom(room).members().size()));
        }
        Message summary = Message.route("@ROOMS").param("count", rooms.size());
        answer.add(rooms.size() > DemoServer.MAX_LISTED ? summary.param("truncated", true) : summary);
        return List.copyOf(answer);
    }

    /** {@code @ROOM-JOIN #room R} -> {@code @ROOM-JOINED #room R #members N} (a reply, when asked as a request). */
    static void join(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        String room = room(params, dispatcher);
        if (room == null) return;
        Set<String> rooms = dispatcher.rooms();
        // Counted from the connection's own rooms (at most MAX_ROOMS and its name's), never from everyone's.
        if (!rooms.contains(room) && rooms.stream().filter(joined -> DemoNames.name(joined) == null).count() >= MAX_ROOMS) {
            dispatcher.reply(DemoServer.error("too many rooms: at most " + MAX_ROOMS + " a connection; @ROOM-LEAVE one first"));
            return;
        }
        dispatcher.join(room);
        dispatcher.reply(Message.route("@ROOM-JOINED").param("room", room).param("members", dispatcher.toRoom(room).members().size()));
    }

    /** {@code @ROOM-LEAVE #room R} -> {@code @ROOM-LEFT #room R}. */
    static void leave(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        String room = room(params, dispatcher);
        if (room == null) return;
        dispatcher.leave(room);
        dispatcher.reply(Message.route("@ROOM-LEFT").param("room", room));
    }

    /**
     * {@code @ROOM-SAY #room R #text T} -> to the others in R {@code @ROOM-SAID #room R #from UUID #text T};
     * to the sender {@code @ROOM-SENT #room R #count N}, how many others are in R, on every node of a
     * cluster (what {@code send} returns counts this node's only).
     */
    static void say(Params params, ServerDispatcher dispatcher, DemoServer demo) {
        String room = room(params, dispatcher);
        String text = params.get("text");
        if (room == null) return;
        if (text == null) {
            dispatcher.reply(DemoServer.error("missing #text"));
            return;
        }
        if (!dispatcher.rooms().contains(room)) {
            dispatcher.reply(DemoServer.error("join the room first: @ROOM-JOIN #room " + room));
            return;
        }
        Room others = dispatcher.toRoom(room).except(dispatcher.uuid());
        others.send(Message.route("@ROOM-SAID").param("room", room).param("from", dispatcher.uuid()).param("text", text));
        // members() counts the one left out too, once presence has it (in a cluster, a moment after the join).
        Set<String> members = others.members();
        int count = members.size() - (members.contains(dispatcher.uuid()) ? 1 : 0);
        dispatcher.reply(Message.route("@ROOM-SENT").param("room", room).param("count", count));
    }

    /** The valid room name of {@code #room}, or null once the client has been told what is wrong. */
    private static String room(Params params, ServerDispatcher dispatcher) {
        String room = params.get("room");
        if (room == null) {
            dispatcher.reply(DemoServer.error("missing #room"));
            return null;
        }
        try {
            Room.checkName(room);
        } catch (IllegalArgumentException e) {
            dispatcher.reply(DemoServer.error(e.getMessage()));
            return null;
        }
        if (DemoNames.isNameRoom(room)) {
            // Those are @JOIN's: joined here, they would add names nobody took to @WHO.
            dispatcher.reply(DemoServer.error("rooms named " + DemoNames.PREFIX + "... are the demo's own: @JOIN #name N takes a name"));
            return null;
        }
        return room;
    }
}
