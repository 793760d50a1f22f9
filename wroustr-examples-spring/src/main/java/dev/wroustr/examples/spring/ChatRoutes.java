package dev.wroustr.examples.spring;

import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.server.ServerDispatcher;
import dev.wroustr.spring.Param;
import dev.wroustr.spring.Route;
import dev.wroustr.spring.RouteHandlers;

/**
 * The demo's chat routes as annotated handlers. Params bind to records, and a message whose
 * params do not bind never gets here: {@link #invalid} tells the client what was wrong.
 */
@RouteHandlers
public class ChatRoutes {
    record Join(String name) {
        Join {
            if (name.isBlank() || name.length() > 32) throw new IllegalArgumentException("a name is 1 to 32 characters");
        }
    }

    record Say(String text) {}

    record Dm(String to, String text) {}

    private final ChatNames names;

    public ChatRoutes(ChatNames names) {
        this.names = names;
    }

    /** {@code @JOIN #name N} -> everyone {@code @JOINED #name N #uuid U}. */
    @Route("@JOIN")
    void join(Join join, ServerDispatcher dispatcher) {
        names.join(dispatcher.uuid(), join.name());
        dispatcher.broadcast(Message.route("@JOINED").param("name", join.name()).param("uuid", dispatcher.uuid()));
    }

    /** {@code @SAY #text T} -> everyone {@code @SAID #name N #text T}; {@code @ERROR} before {@code @JOIN}. */
    @Route("@SAY")
    void say(Say say, ServerDispatcher dispatcher) {
        String name = names.nameOf(dispatcher.uuid());
        if (name == null) {
            dispatcher.send(error("join first: @JOIN #name N"));
            return;
        }
        dispatcher.broadcast(Message.route("@SAID").param("name", name).param("text", say.text()));
    }

    /** {@code @DM #to UUID #text T} -> that client {@code @DM #from UUID #text T}. */
    @Route("@DM")
    void dm(Dm dm, ServerDispatcher dispatcher) {
        Message message = Message.route("@DM").param("from", dispatcher.uuid()).param("text", dm.text());
        if (!dispatcher.sendTo(dm.to(), message)) dispatcher.send(error("no such client"));
    }

    /** {@code @WHO} -> {@code @USERS #count N #names 'a, b'}. */
    @Route("@WHO")
    Message who() {
        return Message.route("@USERS").param("count", names.count()).param("names", names.all());
    }

    /** {@code @ROOM-JOIN #room R} -> {@code @ROOM-JOINED #room R #members N}. */
    @Route("@ROOM-JOIN")
    Message roomJoin(@Param("room") String room, ServerDispatcher dispatcher) {
        dispatcher.join(room);
        return Message.route("@ROOM-JOINED").param("room", room).param("members", dispatcher.toRoom(room).members().size());
    }

    /** {@code @ROOM-SAY #room R #text T} -> the others in R {@code @ROOM-SAID #room R #from U #text T}. */
    @Route("@ROOM-SAY")
    Message roomSay(@Param("room") String room, @Param("text") String text, ServerDispatcher dispatcher) {
        int sent = dispatcher.toRoom(room).except(dispatcher.uuid())
                .send(Message.route("@ROOM-SAID").param("room", room).param("from", dispatcher.uuid()).param("text", text));
        return Message.route("@ROOM-SENT").param("room", room).param("count", sent);
    }

    /** {@code @TIME} -> {@code @TIME #now MILLIS}, as a reply to a request. */
    @Route("@TIME")
    Message time() {
        return Message.route("@TIME").param("now", System.currentTimeMillis());
    }

    @Route("DISCONNECTED")
    void disconnected(ServerDispatcher dispatcher) {
        names.leave(dispatcher.uuid());
    }

    /** What was wrong with a message: unparsable text, or params that do not bind ({@code bad-param}). */
    @Route("INVALID")
    void invalid(Params params, ServerDispatcher dispatcher) {
        Message invalid = Message.route("@INVALID").param("error", params.require("error"));
        if (params.containsKey("param")) invalid = invalid.param("param", params.require("param"));
        if (params.containsKey("reason")) invalid = invalid.param("reason", params.require("reason"));
        dispatcher.send(invalid);
    }

    @Route("UNKNOWN")
    void unknown(@Param("route") String route, ServerDispatcher dispatcher) {
        dispatcher.send(Message.route("@UNKNOWN").param("route", route));
    }

    private static Message error(String reason) {
        return Message.route("@ERROR").param("reason", reason);
    }
}
