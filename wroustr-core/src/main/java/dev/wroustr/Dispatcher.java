package dev.wroustr;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends messages to the peer of one connection. Handed to every handler and layer.
 *
 * <p>Sending queues the text and returns at once; it never blocks and never throws on a
 * closed or failing connection. It returns {@code false} when the message cannot be queued:
 * the connection is closing or closed, an outgoing interceptor cancelled it, or the queue is
 * full. Safe to call from any thread; messages sent from one thread go out in that order.
 * See {@code docs/threading.md}.
 */
public interface Dispatcher {
    /**
     * This connection's uuid, as the server knows it: on the server, the one every route gets as
     * {@code uuid}; on a client, the one the server's welcome gave (PROTOCOL.md section 10), or
     * {@code null} before it or from a server that sends none.
     */
    String uuid();

    /** Queues {@code message}'s canonical text. @return false if it was not queued (see above) */
    boolean send(Message message);

    /**
     * Queues {@code text} exactly as written, as the seed's {@code send("@PONG")} does. Prefer
     * {@link #send(Message)} whenever a value may need quoting.
     *
     * @return false if it was not queued (see above)
     */
    boolean send(String text);

    /**
     * Answers the request this handler runs for: {@code message} goes out with the request's id
     * as its first param {@code $re} (PROTOCOL.md section 9), through the outgoing interceptors
     * like any send. It may be called later, from any thread; only the first reply goes out.
     * Where the message that ran the handler was not a request, {@code message} goes out as an
     * ordinary message, so one route serves requests and plain messages alike.
     *
     * @return false if it was not queued (see above), or this request was answered already
     */
    boolean reply(Message message);

    /**
     * Sends {@code message} to the peer as a request (PROTOCOL.md section 9) and returns its
     * reply. The reply never reaches a route. The future completes on a handler thread, never on
     * a network thread, and a handler may block on it: replies overtake the messages queued
     * for the handlers (but for a peer whose text passes incoming interceptors, where the reply
     * waits its turn like any message).
     *
     * @return completes with the reply, its route and its params without {@code $re}; fails
     *     with a {@link RequestException}: at once when the connection is not open or holds too
     *     many pending requests, when it closes before the reply, when the timeout passes first,
     *     or when the peer sends an error reply
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    CompletableFuture<Message> request(Message message, Duration timeout);

    /** Whether the connection is open and sends can be queued. */
    boolean isOpen();

    /** Closes the connection with code 1000 (normal closure); a no-op if already closing. */
    void close();
}
