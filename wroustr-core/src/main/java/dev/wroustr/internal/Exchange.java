package dev.wroustr.internal;

import dev.wroustr.Dispatcher;
import dev.wroustr.Params;
import dev.wroustr.RequestException;

/**
 * What the {@link Router} needs of one connection besides its dispatcher: the requests it waits
 * on, and a dispatcher whose {@code reply} answers a request it received.
 */
public interface Exchange<D extends Dispatcher> {
    /** The requests this connection waits on, or {@code null} if it never made one. */
    Requests requestsIfAny();

    /**
     * Queues a message's canonical text in UTF-8, as {@code send(Message)} does: through the
     * outgoing interceptors, decoded, where there are any. @return false if it was not queued
     */
    boolean sendUtf8(byte[] utf8);

    /** The dispatcher a request's layers and handler get: the connection's, answering {@code reply}. */
    D replyingWith(Reply reply);

    /**
     * A refresh of this connection's credentials (PROTOCOL.md section 12), with its params ({@code token})
     * and the reply it owes. Only a server connection takes one: elsewhere it is an unknown route.
     */
    default void refresh(Params params, Reply reply) {
        reply.error(RequestException.UNKNOWN_ROUTE);
    }
}
