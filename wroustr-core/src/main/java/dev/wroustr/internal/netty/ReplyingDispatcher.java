package dev.wroustr.internal.netty;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.internal.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The dispatcher of a request's layers and handler: its connection's, with {@link #reply}
 * answering the request. The client's as it is; the server's adds what a server dispatcher does.
 */
class ReplyingDispatcher<D extends Dispatcher> implements Dispatcher {
    final D connection;
    private final Reply reply;

    ReplyingDispatcher(D connection, Reply reply) {
        this.connection = connection;
        this.reply = reply;
    }

    @Override
    public final boolean reply(Message message) {
        return reply.send(message);
    }

    @Override
    public final String uuid() {
        return connection.uuid();
    }

    @Override
    public final boolean send(Message message) {
        return connection.send(message);
    }

    @Override
    public final boolean send(String text) {
        return connection.send(text);
    }

    @Override
    public final CompletableFuture<Message> request(Message message, Duration timeout) {
        return connection.request(message, timeout);
    }

    @Override
    public final boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public final void close() {
        connection.close();
    }
}
