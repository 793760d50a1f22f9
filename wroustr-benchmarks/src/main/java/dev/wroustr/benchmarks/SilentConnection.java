package dev.wroustr.benchmarks;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.internal.Exchange;
import dev.wroustr.internal.RateLimitedConnection;
import dev.wroustr.internal.Reply;
import dev.wroustr.internal.Requests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The connection the routing benchmarks hand the router: no socket; what it is asked to send
 * as text or bytes lands in {@link #sent}, in UTF-8 as a frame would take it. Keeps its
 * rate-limit buckets like a real connection.
 */
final class SilentConnection implements Dispatcher, Exchange<Dispatcher>, RateLimitedConnection {
    private final String uuid;
    private long[] buckets;
    byte[] sent;

    SilentConnection(String uuid) {
        this.uuid = uuid;
    }

    @Override
    public boolean send(Message message) {
        sent = message.toUtf8();
        return true;
    }

    @Override
    public boolean send(String text) {
        sent = text.getBytes(StandardCharsets.UTF_8);
        return true;
    }

    @Override
    public boolean sendUtf8(byte[] utf8) {
        sent = utf8;
        return true;
    }

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public boolean reply(Message message) {
        return send(message);
    }

    @Override
    public CompletableFuture<Message> request(Message message, Duration timeout) {
        throw new UnsupportedOperationException("the benchmarks make no requests");
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {}

    @Override
    public Requests requestsIfAny() {
        return null;
    }

    @Override
    public Dispatcher replyingWith(Reply reply) {
        SilentConnection connection = this;
        return new Dispatcher() {
            @Override public boolean send(Message message) { return connection.send(message); }
            @Override public boolean send(String text) { return connection.send(text); }
            @Override public String uuid() { return uuid; }
            @Override public boolean reply(Message message) { return reply.send(message); }
            @Override public CompletableFuture<Message> request(Message message, Duration timeout) { return connection.request(message, timeout); }
            @Override public boolean isOpen() { return true; }
            @Override public void close() {}
        };
    }

    @Override
    public long[] rateBuckets() {
        return buckets;
    }

    @Override
    public void rateBuckets(long[] buckets) {
        this.buckets = buckets;
    }

    @Override
    public void closeRateLimited() {}
}
