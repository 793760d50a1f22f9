package dev.wroustr.server;

/**
 * Makes several servers behave as one: a {@code sendTo} reaches a uuid on any node, and a
 * broadcast, a room send and presence span every node. Set with {@link Server#cluster}; the
 * module {@code wroustr-redis} provides one on Redis. Handlers do not change.
 *
 * <p>A service-provider contract: an application chooses a cluster, it does not implement one.
 */
public interface Cluster {
    /**
     * Joins the cluster as a new node, when the server starts.
     *
     * @param local delivery to this node's connections, which the cluster uses for what other
     *     nodes send here
     * @return the delivery the server uses from now on: it reaches this node through
     *     {@code local} and the others through the cluster
     */
    Delivery start(Delivery local);

    /**
     * Where sessions are kept so that a client resumes on any node (PROTOCOL.md section 11), when
     * the server has resume on; called once, after {@link #start}. The default, null, keeps each
     * session on the node that opened it.
     *
     * @param host what the store hands this node's sessions
     * @param window how long a session waits for its client
     * @param maxMessages how many unacknowledged messages a session keeps
     */
    default SessionStore sessions(SessionStore.Host host, java.time.Duration window, int maxMessages) {
        return null;
    }

    /** Leaves the cluster, after the server has closed every connection. */
    void close();
}
