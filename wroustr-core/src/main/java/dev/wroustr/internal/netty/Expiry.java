package dev.wroustr.internal.netty;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.RequestException;
import dev.wroustr.internal.Reply;
import dev.wroustr.internal.Reserved;
import dev.wroustr.server.HandshakeResult;
import dev.wroustr.server.RefreshCheck;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When one server connection's credentials expire (PROTOCOL.md section 12): the timer that
 * closes it with 3005 a grace after, and the in-band refresh that moves both or closes with 3000.
 * A resumed session keeps its expiry, timer included: it runs while the session is away too.
 */
final class Expiry {
    private static final Logger log = LoggerFactory.getLogger(Expiry.class);
    static final String EXPIRED_REASON = "credentials expired";
    static final String REFUSED_REASON = "credentials refused";
    /** The reply's param: milliseconds until the credentials expire. */
    static final String TTL = "ttl";

    private final ChannelDispatcher<?> connection;
    private final ServerContext<?> server;
    private long expiresAtMillis; // guarded by this; 0 when the credentials do not expire
    private ScheduledFuture<?> timer; // guarded by this
    private boolean ended; // guarded by this

    Expiry(ChannelDispatcher<?> connection, ServerContext<?> server) {
        this.connection = connection;
        this.server = server;
    }

    /** Sets the expiry ({@code null}: none), and the close a grace after it. */
    synchronized void expireAt(Instant at) {
        if (timer != null) timer.cancel(false);
        timer = null;
        expiresAtMillis = at == null ? 0 : Math.max(1, at.toEpochMilli());
        if (ended || at == null) return;
        long delay = Math.max(0, expiresAtMillis - System.currentTimeMillis()) + server.settings().expiry().grace().toMillis();
        timer = connection.channel().eventLoop().schedule(this::expired, delay, TimeUnit.MILLISECONDS);
    }

    /** Milliseconds left until the credentials expire (0 once past), or -1 if they do not expire. */
    synchronized long ttlMillis() {
        return expiresAtMillis == 0 ? -1 : Math.max(0, expiresAtMillis - System.currentTimeMillis());
    }

    /** {@code welcome} with how long the credentials have left, where they expire. */
    Message withTtl(Message welcome) {
        long ttl = ttlMillis();
        return ttl < 0 ? welcome : welcome.param(TTL, ttl);
    }

    /** Whether the credentials have expired (a refresh may still come, within the grace). */
    synchronized boolean passed() {
        return expiresAtMillis != 0 && System.currentTimeMillis() >= expiresAtMillis;
    }

    /** The connection ended: no close is due any more. */
    synchronized void cancel() {
        ended = true;
        if (timer != null) timer.cancel(false);
        timer = null;
    }

    private void expired() {
        synchronized (this) {
            if (ended) return;
            ended = true;
        }
        server.settings().metrics().credentialsExpired();
        connection.closeWith(CloseCodes.CREDENTIALS_EXPIRED, EXPIRED_REASON);
    }

    /**
     * A refresh request ({@code @$refresh #$id N #token T}), on the connection's serial executor:
     * runs the server's {@link RefreshCheck} and answers {@code reply}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void refresh(String token, Reply reply) {
        RefreshCheck check = server.settings().expiry().refreshCheck();
        HandshakeResult result;
        if (check == null || token == null) {
            result = HandshakeResult.reject(401);
        } else {
            try {
                result = check.check(token, connection, server.router().state());
            } catch (Exception e) {
                log.warn("refresh check failed on connection {}: the old expiry holds", connection.uuid(), e);
                result = null;
            }
            if (result == null) {
                reply.error(RequestException.HANDLER_FAILED);
                return;
            }
        }
        if (!result.accepted()) {
            server.settings().metrics().refreshRefused();
            reply.error(RequestException.REFUSED);
            // After the error reply on the wire: the client learns why before the close.
            connection.closeWith(CloseCodes.CREDENTIALS_REFUSED, REFUSED_REASON);
            return;
        }
        // What the check attached replaces what the handlers saw, and what a resume must match.
        connection.putAttributes(result.attributes());
        if (connection.session() != null) connection.session().refreshed(result);
        expireAt(result.expiresAt());
        // The expiry travels with a session the cluster keeps: a resume on another node keeps it.
        SharedSession shared = connection.shared();
        if (shared != null) {
            shared.store().refreshed(connection.uuid(), SharedSessions.identity(connection.session().identity()),
                    result.expiresAt() == null ? 0 : result.expiresAt().toEpochMilli());
        }
        server.settings().metrics().credentialsRefreshed();
        Message answer = Message.route(Reserved.REFRESH_ROUTE);
        long ttl = ttlMillis();
        reply.send(ttl < 0 ? answer : answer.param(TTL, ttl));
    }
}
