package dev.wroustr.server;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link HandshakeCheck} (or a {@link RefreshCheck}) decided: accept, optionally with
 * attributes for the connection and the time its credentials expire, or reject with an HTTP
 * status. Immutable.
 */
public final class HandshakeResult {
    private static final HandshakeResult ACCEPT = new HandshakeResult(0, Map.of(), null);

    private final int status;
    private final Map<AttributeKey<?>, Object> attributes;
    private final Instant expiresAt;

    private HandshakeResult(int status, Map<AttributeKey<?>, Object> attributes, Instant expiresAt) {
        this.status = status;
        this.attributes = attributes;
        this.expiresAt = expiresAt;
    }

    /** Lets the connection open, with no attributes. */
    public static HandshakeResult accept() {
        return ACCEPT;
    }

    /** Rejects with {@code status}, 400 to 599 (401 for a missing token, 403 for a wrong one, ...). */
    public static HandshakeResult reject(int status) {
        if (status < 400 || status > 599) throw new IllegalArgumentException("rejection status not in 400..599: " + status);
        return new HandshakeResult(status, Map.of(), null);
    }

    /** This acceptance with attribute {@code key} set on the new connection. */
    public <T> HandshakeResult with(AttributeKey<T> key, T value) {
        if (!accepted()) throw new IllegalStateException("a rejection carries no attributes");
        Object checked = key.type().cast(Objects.requireNonNull(value, "value"));
        // The first attribute, as most checks attach one: no map to copy (a check runs for every handshake).
        if (attributes.isEmpty()) return new HandshakeResult(0, Map.of(key, checked), expiresAt);
        Map<AttributeKey<?>, Object> copy = new HashMap<>(attributes);
        copy.put(key, checked);
        return new HandshakeResult(0, Map.copyOf(copy), expiresAt);
    }

    /**
     * This acceptance with credentials that expire at {@code expiresAt} (a token's {@code exp}):
     * the client is told how long it has in the welcome (PROTOCOL.md section 12), and unless it
     * refreshes them in band before then ({@link Server#refreshCheck}), the server closes the
     * connection with {@link dev.wroustr.CloseCodes#CREDENTIALS_EXPIRED} once
     * {@link Server#expiryGrace} has passed too. Where several checks give an expiry, the
     * earliest holds.
     */
    public HandshakeResult expiresAt(Instant expiresAt) {
        if (!accepted()) throw new IllegalStateException("a rejection carries no expiry");
        return new HandshakeResult(0, attributes, Objects.requireNonNull(expiresAt, "expiresAt"));
    }

    /** Whether the connection may open. */
    public boolean accepted() {
        return status == 0;
    }

    /** The HTTP status of a rejection; 0 when accepted. */
    public int status() {
        return status;
    }

    /** When the credentials expire, or {@code null} if they do not. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The attributes the new connection starts with. */
    public Map<AttributeKey<?>, Object> attributes() {
        return attributes;
    }
}
