package dev.wroustr.internal.netty;

import dev.wroustr.Message;
import dev.wroustr.RequestException;
import dev.wroustr.WroustrException;
import dev.wroustr.client.Reconnect;
import dev.wroustr.internal.Reserved;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's credentials (PROTOCOL.md section 12): asks the application's token supplier for
 * each connection's upgrade and, where the server says the credentials expire, again before
 * they do, sending the new token as a refresh. A token the server refused or let expire is
 * stale: it is never sent again, even if the supplier gives it once more.
 */
final class ClientTokens {
    private static final Logger log = LoggerFactory.getLogger(ClientTokens.class);
    /** How many stale tokens are remembered: a supplier gives back the last one or two, not older ones. */
    private static final int STALE_KEPT = 16;
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);
    /** The backoff of a refresh whose supplier call or request failed, when reconnects are off. */
    private static final Reconnect RETRY = Reconnect.defaults();

    private final TokenSettings settings;
    private final Executor executor;
    private final Reconnect retry;
    private final Object lock = new Object();
    // Guarded by lock:
    private final ArrayDeque<String> stale = new ArrayDeque<>();
    private String current;
    private Channel refreshing; // the connection whose refresh is scheduled
    private ScheduledFuture<?> timer;
    private int failures;

    /** @param executor where the supplier runs: it may block (a call to an identity provider) */
    ClientTokens(TokenSettings settings, Executor executor, Reconnect reconnect) {
        this.settings = settings;
        this.executor = executor;
        this.retry = reconnect.enabled() ? reconnect : RETRY;
    }

    /**
     * Asks the supplier for a token. Completes with it, with {@code null} when the supplier says
     * the user is gone, or exceptionally when the supplier threw or gave back a stale token.
     */
    CompletableFuture<String> ask() {
        try {
            return CompletableFuture.supplyAsync(this::fromSupplier, executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The connector is shutting down: its handler threads take no more work.
            return CompletableFuture.failedFuture(e);
        }
    }

    private String fromSupplier() {
        String token = settings.supplier().get();
        synchronized (lock) {
            if (token != null && stale.contains(token)) {
                throw new CompletionException(new WroustrException("the token supplier gave back a token the server refused or let expire"));
            }
            if (token != null) current = token;
        }
        return token;
    }

    /** The application's headers, with the token where it goes in a header. */
    Map<String, String> headers(Map<String, String> headers, String token) {
        if (token == null || settings.query() != null) return headers;
        Map<String, String> all = new LinkedHashMap<>(headers == null ? Map.of() : headers);
        all.put(settings.header(), settings.prefix() + token);
        return all;
    }

    /** The application's query, with the token where it goes in the query. */
    Map<String, String> query(Map<String, String> query, String token) {
        if (token == null || settings.query() == null) return query;
        Map<String, String> all = new LinkedHashMap<>(query);
        all.put(settings.query(), token);
        return all;
    }

    /**
     * A connection closed with 3000 or 3005: the token last sent is never sent again, and the next
     * connection asks the supplier for a new one.
     */
    void staleNow() {
        synchronized (lock) {
            if (current == null) return;
            stale.remove(current);
            stale.add(current);
            if (stale.size() > STALE_KEPT) stale.poll();
            current = null;
        }
    }

    /** A connection attempt failed: a token the server's handshake check turned down (401) goes no more, as a refused refresh. */
    void failed(Throwable cause) {
        if (cause instanceof io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException refused
                && refused.response() != null && refused.response().status().code() == 401) {
            staleNow();
        }
    }

    /**
     * A connection opened, or a refresh was accepted, with credentials good for {@code ttlMillis}
     * ({@code < 0}: they do not expire): the next refresh goes at 80 to 90 percent of that time,
     * so that clients given one expiry do not all refresh at once.
     */
    void expiresIn(long ttlMillis, Channel channel, NettyClient<?> client) {
        synchronized (lock) {
            cancelLocked();
            failures = 0;
            if (ttlMillis < 0) return;
            long delay = (long) (ttlMillis * (0.8 + 0.1 * ThreadLocalRandom.current().nextDouble()));
            scheduleLocked(delay, channel, client);
        }
    }

    /** The connection closed: no refresh is due on it. */
    void closed(Channel channel) {
        synchronized (lock) {
            if (refreshing == channel) cancelLocked();
        }
    }

    private void cancelLocked() {
        if (timer != null) timer.cancel(false);
        timer = null;
        refreshing = null;
    }

    private void scheduleLocked(long delayMillis, Channel channel, NettyClient<?> client) {
        refreshing = channel;
        timer = channel.eventLoop().schedule(() -> refresh(channel, client), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void refresh(Channel channel, NettyClient<?> client) {
        if (!channel.isActive()) return;
        ask().whenComplete((token, failure) -> {
            if (failure != null) {
                log.debug("token supplier failed before a refresh: {}", failure.toString());
                retryLater(channel, client);
            } else if (token == null) {
                log.debug("token supplier gave no token: the user is gone, closing");
                client.signedOut();
            } else {
                sendRefresh(token, channel, client);
            }
        });
    }

    private void sendRefresh(String token, Channel channel, NettyClient<?> client) {
        // The connection the refresh was for closed while the supplier ran: the next one has its own.
        if (!channel.isActive()) return;
        Message refresh = Message.route(Reserved.REFRESH_ROUTE).param("token", token);
        client.request(refresh, REFRESH_TIMEOUT).whenComplete((reply, failure) -> {
            if (failure == null) {
                if (channel.isActive()) expiresIn(reply.params().getLong("ttl", -1), channel, client);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RequestException refused && RequestException.REFUSED.equals(refused.kind())) {
                // The server closes with 3000 next; the token never goes again.
                staleNow();
                return;
            }
            log.debug("refresh failed: {}", cause.toString());
            retryLater(channel, client);
        });
    }

    private void retryLater(Channel channel, NettyClient<?> client) {
        synchronized (lock) {
            if (refreshing != channel || !channel.isActive()) return;
            failures++;
            scheduleLocked(retry.delay(failures).toMillis(), channel, client);
        }
    }
}
