package dev.wroustr.server;

/**
 * Decides an in-band refresh of a connection's credentials (PROTOCOL.md section 12): the client
 * sent a new token before its old one expired. Runs on the connection's handler thread, in order
 * with its messages (so the messages sent after the refresh see what it set), and may block (a
 * token lookup).
 *
 * <p>An acceptance may give a new expiry ({@link HandshakeResult#expiresAt}; none means the
 * credentials no longer expire) and attributes, which replace those of the same keys: the
 * handlers of later messages see them. Those given with {@link HandshakeResult#with} become what a
 * resume must match; notes ({@link HandshakeResult#note}) do not, as at the handshake. A rejection (any status) refuses the refresh: the client
 * gets the error reply {@code refused} and the server closes the connection with
 * {@link dev.wroustr.CloseCodes#CREDENTIALS_REFUSED}. A check that throws, or returns null,
 * answers {@code handler-failed}, is logged, and changes nothing: the old expiry still holds.
 *
 * <pre>{@code
 * server.refreshCheck((token, connection, state) -> {
 *     Session session = state.sessions().byToken(token);
 *     if (session == null || !session.user().equals(connection.attribute(USER))) return HandshakeResult.reject(401);
 *     return HandshakeResult.accept().with(ROLE, session.role()).expiresAt(session.expiresAt());
 * });
 * }</pre>
 */
@FunctionalInterface
public interface RefreshCheck<S> {
    HandshakeResult check(String token, ServerDispatcher connection, S state) throws Exception;
}
