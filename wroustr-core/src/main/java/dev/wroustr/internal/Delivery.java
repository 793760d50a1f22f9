package dev.wroustr.internal;

import java.util.Set;

/**
 * The one seam through which a server delivers to a uuid or to everyone. The local
 * implementation reaches this server's connections; a cluster backend takes it over to reach
 * every node's.
 */
public interface Delivery {
    /** Queues {@code text} to the connection with {@code uuid}. @return false if there is none or it refused */
    boolean sendTo(String uuid, String text);

    /** Queues {@code text} to every connection. @return how many it was queued to */
    int broadcast(String text);

    /** The uuids of the open connections. */
    Set<String> connections();
}
