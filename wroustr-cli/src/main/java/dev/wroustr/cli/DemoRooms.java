package dev.wroustr.cli;

import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.server.Room;
import dev.wroustr.server.ServerDispatcher;
import java.util.Set;

/** The demo's room routes: join, leave and say something to the others in a room. */
final class DemoRooms {
    /** Rooms one connection may be in through {@code @ROOM-JOIN}, so no client can make the server hold rooms without end. */
    static final int MAX_ROOMS = 64;

    private DemoRooms() {}

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
     * to the sender {@code @ROOM-SENT #room R #count N}, how many it reached.
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
        int sent = dispatcher.toRoom(room).except(dispatcher.uuid())
                .send(Message.route("@ROOM-SAID").param("room", room).param("from", dispatcher.uuid()).param("text", text));
        dispatcher.reply(Message.route("@ROOM-SENT").param("room", room).param("count", sent));
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
