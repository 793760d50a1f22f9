package dev.wroustr.internal.netty;

import dev.wroustr.Message;
import dev.wroustr.internal.Reply;
import dev.wroustr.server.AttributeKey;
import dev.wroustr.server.Room;
import dev.wroustr.server.ServerDispatcher;
import java.util.Set;

/** The server's dispatcher of a request's layers and handler: its connection's, with {@code reply} answering the request. */
final class RequestDispatcher extends ReplyingDispatcher<ServerDispatcher> implements ServerDispatcher {
    RequestDispatcher(ServerDispatcher connection, Reply reply) {
        super(connection, reply);
    }

    @Override
    public boolean sendTo(String uuid, Message message) {
        return connection.sendTo(uuid, message);
    }

    @Override
    public boolean sendTo(String uuid, String text) {
        return connection.sendTo(uuid, text);
    }

    @Override
    public int broadcast(Message message) {
        return connection.broadcast(message);
    }

    @Override
    public Set<String> connections() {
        return connection.connections();
    }

    @Override
    public boolean isOnline(String uuid) {
        return connection.isOnline(uuid);
    }

    @Override
    public boolean join(String room) {
        return connection.join(room);
    }

    @Override
    public boolean leave(String room) {
        return connection.leave(room);
    }

    @Override
    public Set<String> rooms() {
        return connection.rooms();
    }

    @Override
    public Room toRoom(String room) {
        return connection.toRoom(room);
    }

    @Override
    public <T> T attribute(AttributeKey<T> key) {
        return connection.attribute(key);
    }

    @Override
    public <T> void attribute(AttributeKey<T> key, T value) {
        connection.attribute(key, value);
    }

    @Override
    public void close(int code, String reason) {
        connection.close(code, reason);
    }
}
