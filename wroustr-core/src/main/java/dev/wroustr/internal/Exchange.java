package dev.wroustr.internal;

import dev.wroustr.Dispatcher;

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
}
