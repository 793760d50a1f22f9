package dev.wroustr.cli;

import dev.wroustr.server.HandshakeCheck;
import dev.wroustr.server.HandshakeResult;
import dev.wroustr.server.Server;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code wroustr demo --token-ttl D}: credentials that expire (PROTOCOL.md section 12), with no
 * real accounts. Every connection's credentials are good for D from its handshake; a refresh
 * with any token makes them good for D more, except the token {@value #REVOKED}, refused as a
 * banned user's would be. Unrefreshed, a connection is closed with 3005 once the server's grace
 * (25 s) has passed too.
 */
final class DemoTokens {
    /** The token a refresh is refused with: the demo's stand-in for a user signed out or banned. */
    static final String REVOKED = "revoked";

    private DemoTokens() {}

    /** Gives every connection of {@code server} credentials good for {@code ttl}, telling {@code events} of each refresh. */
    static void enable(Server<DemoServer> server, Duration ttl, Consumer<String> events) {
        Objects.requireNonNull(events, "events");
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("token ttl must be positive: " + ttl);
        server.handshakeCheck(HandshakeCheck.nonBlocking((request, demo) -> HandshakeResult.accept().expiresAt(Instant.now().plus(ttl))));
        server.refreshCheck((token, connection, demo) -> {
            if (token.isEmpty() || token.equals(REVOKED)) {
                events.accept("refused       " + connection.uuid() + "  (token '" + REVOKED + "')");
                return HandshakeResult.reject(401);
            }
            events.accept("refreshed     " + connection.uuid() + "  (good for " + seconds(ttl) + " more)");
            return HandshakeResult.accept().expiresAt(Instant.now().plus(ttl));
        });
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
