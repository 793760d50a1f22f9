package dev.wroustr.internal.netty;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.internal.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The client's dispatcher for a request's layers and handler: {@link #reply} answers the request. */
final class ClientRequestDispatcher implements Dispatcher {
    private final Dispatcher client;
    private final Reply reply;

    ClientRequestDispatcher(Dispatcher client, Reply reply) {
        this.client = client;
        this.reply = reply;
    }

    @Override
    public boolean reply(Message message) {
        return reply.send(message);
    }

    @Override
    public String uuid() {
        return client.uuid();
    }

    @Override
    public boolean send(Message message) {
        return client.send(message);
    }

    @Override
    public boolean send(String text) {
        return client.send(text);
    }

    @Override
    public CompletableFuture<Message> request(Message message, Duration timeout) {
        return client.request(message, timeout);
    }

    @Override
    public boolean isOpen() {
        return client.isOpen();
    }

    @Override
    public void close() {
        client.close();
    }
}
