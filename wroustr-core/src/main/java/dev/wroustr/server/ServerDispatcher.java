package dev.wroustr.server;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import java.util.Set;

/**
 * The server's dispatcher for one connection: sends to it, to another connection by uuid, or
 * to every connection, and holds the connection's attributes. Safe from any thread; see
 * {@link Dispatcher} for what a send returns.
 *
 * <p>Delivery to another uuid, to everyone or to a room goes through the server's
 * {@link Delivery}, which reaches the connections of this server and, with a {@link Cluster},
 * those of every node.
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

    /**
     * The uuids of the open connections: a read-only view that follows them as they come and go
     * (its {@code size()} costs nothing; copy it for a snapshot).
     */
    Set<String> connections();

    /** Whether a connection with {@code uuid} is open. */
    boolean isOnline(String uuid);

    /**
     * Adds this connection to {@code room}. A connection leaves every room when it closes,
     * whatever the reason.
     *
     * @return true if it joined, false if it was in the room already or is closing
     * @throws IllegalArgumentException if no room can have that name ({@link Room#checkName})
     * @throws IllegalStateException if the connection is in {@code maxRoomsPerConnection} rooms
     *     already ({@link Server#maxRoomsPerConnection}): in a handler, its {@code ERROR}
     */
    boolean join(String room);

    /** Takes this connection out of {@code room}. @return false if it was not in it */
    boolean leave(String room);

    /** The rooms this connection is in. A snapshot. */
    Set<String> rooms();

    /**
     * Sends to the members of {@code room}, this connection included if it is one:
     * {@code toRoom("lobby").except(dispatcher.uuid()).send(message)} leaves it out.
     *
     * @throws IllegalArgumentException if no room can have that name
     */
    Room toRoom(String room);

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
