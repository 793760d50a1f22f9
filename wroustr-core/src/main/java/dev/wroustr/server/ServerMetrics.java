package dev.wroustr.server;

import java.util.Set;

/**
 * What a server reports as it runs, for a metrics library to count: set one with
 * {@link Server#metrics(ServerMetrics)}. Every method does nothing by default; implement the
 * ones you need. The {@code wroustr-micrometer} module implements them all with Micrometer.
 *
 * <p>Called on the network threads and the handler threads, many at once: implementations
 * must be thread-safe, and quick, as they sit on every message's path, and must not throw.
 * Route names come from the wire, so a {@code route} given here may be any string: count
 * the routes of {@link #started} by name and fold the rest together, or a client can make
 * as many names as it likes.
 */
public interface ServerMetrics {
    /** Reports nothing: the default. */
    ServerMetrics NONE = new ServerMetrics() {};

    /** The server started; {@code routes} are the routes registered, custom and named. */
    default void started(Set<String> routes) {}

    /** A connection completed its upgrade. */
    default void connectionOpened() {}

    /** A connection that had opened closed, with the code its {@code DISCONNECTED} route gets. */
    default void connectionClosed(int code) {}

    /**
     * A message to a registered route passed its rate limit and goes to layers and handler,
     * which took {@code nanos} together (measured only while metrics are set).
     */
    default void messageHandled(String route, long nanos) {}

    /**
     * {@code count} messages to {@code route} were queued to this server's connections: 1 for a
     * send, a reply or a request, more for a broadcast or a room send. In a cluster, a message
     * counts on the node that holds its connection.
     */
    default void messagesOut(String route, int count) {}

    /** A text was not a valid message ({@code INVALID}, raised or not). */
    default void invalidMessage() {}

    /** A valid message named no registered route ({@code UNKNOWN}, raised or not). */
    default void unknownMessage() {}

    /** A handler, layer or interceptor threw ({@code ERROR}, raised or logged); {@code route} is empty for an interceptor. */
    default void handlerFailed(String route) {}

    /** A message to {@code route} went past its rate limit ({@code LIMITED}, dropped, or a close). */
    default void messageLimited(String route) {}

    /** A connection had {@code maxQueuedMessages} waiting, and the server stopped reading it. */
    default void backpressurePaused() {}

    /** A connection was closed with 1008 because its client read too slowly ({@code maxOutboundBytes}). */
    default void slowConsumerClosed() {}

    /** An upgrade request was answered with HTTP {@code status} and no WebSocket. */
    default void handshakeRejected(int status) {}

    /** A join was refused: the connection was in {@code maxRoomsPerConnection} rooms already. */
    default void roomLimitRefused() {}

    /** A connection was closed with 1008 because one message took longer than {@code messageTimeout} to arrive. */
    default void messageTimedOut() {}

    /** A broadcast or room send waited for the copies before it to be written ({@code maxFanOutBacklog}). */
    default void fanOutWaited() {}

    /**
     * A fatal error ({@link VirtualMachineError}, {@link OutOfMemoryError} first) reached the
     * server, which then stops (see {@code Server}).
     */
    default void fatalError() {}

    /**
     * An upgrade request came from a client address past its
     * {@link Server#maxHandshakesPerSecondPerAddress}, and was answered 429 (which
     * {@link #handshakeRejected} counts too).
     */
    default void handshakeRateLimited() {}

    /**
     * An upgrade request came from a client address that holds
     * {@link Server#maxConnectionsPerAddress} open already, and was answered 429 (which
     * {@link #handshakeRejected} counts too).
     */
    default void connectionsPerAddressLimited() {}

    /** A connection refreshed its credentials in band: its {@link RefreshCheck} accepted (PROTOCOL.md section 12). */
    default void credentialsRefreshed() {}

    /** A refresh was refused by the {@link RefreshCheck} (or there is none): the connection closes with 3000. */
    default void refreshRefused() {}

    /** A connection's credentials expired with no refresh within {@link Server#expiryGrace}: it closed with 3005. */
    default void credentialsExpired() {}
}
