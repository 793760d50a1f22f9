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

    /** Leaves the cluster, after the server has closed every connection. */
    void close();
}
