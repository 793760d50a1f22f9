package dev.wroustr;

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
    /** Queues {@code message}'s canonical text. @return false if it was not queued (see above) */
    boolean send(Message message);

    /**
     * Queues {@code text} exactly as written, as the seed's {@code send("@PONG")} does. Prefer
     * {@link #send(Message)} whenever a value may need quoting.
     *
     * @return false if it was not queued (see above)
     */
    boolean send(String text);

    /** Whether the connection is open and sends can be queued. */
    boolean isOpen();

    /** Closes the connection with code 1000 (normal closure); a no-op if already closing. */
    void close();
}
