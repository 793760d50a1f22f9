package dev.wroustr.server;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import java.util.Set;

/**
 * The server's dispatcher for one connection: sends to it, to another connection by uuid, or
 * to every connection, and holds the connection's attributes. Safe from any thread; see
 * {@link Dispatcher} for what a send returns.
 *
 * <p>Delivery to another uuid or to everyone goes through the server's delivery seam, which
 * reaches the connections of this server today and, in cluster mode, those of every node.
 */
public interface ServerDispatcher extends Dispatcher {
    /** This connection's uuid (version 4, lower-case), the one every route gets as {@code uuid}. */
    String uuid();

    /**
     * Queues {@code message} to the connection with {@code uuid}.
     *
     * @return false if no open connection has that uuid (malformed ones included) or it could
     *     not take the message; never throws for a bad uuid
     */
    boolean sendTo(String uuid, Message message);

    /** As {@link #sendTo(String, Message)}, with raw text sent as written. */
    boolean sendTo(String uuid, String text);

    /**
     * Queues {@code message} to every open connection, this one included. The frame is encoded
     * once and shared, unless outgoing interceptors must see each copy. A connection whose
     * outbound buffer is full is closed with 1008, never skipped silently.
     *
     * @return how many connections it was queued to
     */
    int broadcast(Message message);

    /** The uuids of the open connections. A snapshot: connections may come and go meanwhile. */
    Set<String> connections();

    /** This connection's attribute, or {@code null} if unset. */
    <T> T attribute(AttributeKey<T> key);

    /** Sets this connection's attribute; {@code null} removes it. Visible to every later route of the connection. */
    <T> void attribute(AttributeKey<T> key, T value);

    /**
     * Closes this connection with {@code code} and {@code reason}, after the messages sent
     * before; {@code DISCONNECTED} gets both. A no-op if already closing.
     *
     * @throws IllegalArgumentException if the code is not 1000 or 3000..4999 (the range RFC 6455
     *     leaves to applications), or the reason is over 123 bytes of UTF-8
     */
    void close(int code, String reason);
}
