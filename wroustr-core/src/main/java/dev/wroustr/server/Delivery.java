package dev.wroustr.server;

import java.util.Set;

/**
 * The one seam every delivery of a server goes through: to a uuid, to everyone, to a room;
 * and the presence behind them, who is connected and who is in which room. Handlers never see
 * it: their {@link ServerDispatcher} calls it.
 *
 * <p>A server delivers to its own connections by default. A {@link Cluster} wraps that local
 * delivery in one of its own that also reaches the connections of every other node, so the
 * same handler code spans a cluster. This interface is that service-provider contract; an
 * application has no reason to implement it.
 *
 * <p>Texts are wire text that has already passed the sender's outgoing interceptors where
 * the server has none; with interceptors, each receiving connection runs them on its copy.
 * Every method is called concurrently from handler and network threads, and must neither
 * block for long nor throw: a failure to reach another node is logged and counted, and shows
 * as a {@code false} or a smaller count.
 */
public interface Delivery {
    /** Queues {@code text} to the connection with {@code uuid}. @return false if there is none or it refused */
    boolean sendTo(String uuid, String text);

    /**
     * Queues {@code text} to every connection.
     *
     * @return how many connections it was queued to on this node; a cluster may add those it
     *     knows of elsewhere
     */
    int broadcast(String text);

    /**
     * Queues {@code text} to every member of {@code room} but {@code except}.
     *
     * @param except a uuid to leave out, or {@code null}
     * @return how many it was queued to on this node; a cluster may add those it knows of elsewhere
     */
    int sendToRoom(String room, String text, String except);

    /** A connection of this node opened; it is in no room yet. */
    void opened(String uuid);

    /** A connection of this node closed: it has left {@code rooms}, every room it was in. */
    void closed(String uuid, Set<String> rooms);

    /** A connection of this node joined {@code room} (it was not in it). */
    void joined(String uuid, String room);

    /** A connection of this node left {@code room} (it was in it). */
    void left(String uuid, String room);

    /** The uuids of the open connections: a read-only view or a snapshot, whichever is cheap. */
    Set<String> connections();

    /** Whether a connection with {@code uuid} is open. */
    boolean isOnline(String uuid);

    /** The rooms with at least one member. A snapshot. */
    Set<String> rooms();

    /** The uuids of the members of {@code room}; empty for a room nobody is in. A snapshot. */
    Set<String> members(String room);
}
