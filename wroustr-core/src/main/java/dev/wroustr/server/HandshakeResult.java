package dev.wroustr.server;

import dev.wroustr.internal.netty.AttributeMaps;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link HandshakeCheck} (or a {@link RefreshCheck}) decided: accept, optionally with
 * attributes for the connection and the time its credentials expire, or reject with an HTTP
 * status. Immutable.
 *
 * <p>An attribute is one of two kinds. Set with {@link #with}, it is part of the session's
 * identity: who the client is (a user id, a tenant, a role), which a resume must present again,
 * or it is refused. Set with {@link #note}, it describes the connection of the moment (the
 * client's address, its user agent): a resume from another network is not refused for it, and
 * takes the resume's value. Give a key one kind in every check.
 */
public final class HandshakeResult {
    private static final HandshakeResult ACCEPT = new HandshakeResult(0, Map.of(), Map.of(), null);

    private final int status;
    private final Map<AttributeKey<?>, Object> attributes;
    // Those of the attributes that are notes: the rest are the identity.
    private final Map<AttributeKey<?>, Object> notes;
    private final Instant expiresAt;

    private HandshakeResult(int status, Map<AttributeKey<?>, Object> attributes, Map<AttributeKey<?>, Object> notes, Instant expiresAt) {
        this.status = status;
        this.attributes = attributes;
        this.notes = notes;
        this.expiresAt = expiresAt;
    }

    /** Lets the connection open, with no attributes. */
    public static HandshakeResult accept() {
        return ACCEPT;
    }

    /** Rejects with {@code status}, 400 to 599 (401 for a missing token, 403 for a wrong one, ...). */
    public static HandshakeResult reject(int status) {
        if (status < 400 || status > 599) throw new IllegalArgumentException("rejection status not in 400..599: " + status);
        return new HandshakeResult(status, Map.of(), Map.of(), null);
    }

    /**
     * This acceptance with attribute {@code key} set on the new connection, as part of the
     * session's identity: a resume whose checks attach another value (or none) is refused
     * ({@code not resumed: refused}, PROTOCOL.md section 11). For who the client is: a user id,
     * a tenant.
     */
    public <T> HandshakeResult with(AttributeKey<T> key, T value) {
        // The first attribute, as most checks attach one, is this map as it is (a check runs for every handshake).
        Map<AttributeKey<?>, Object> one = attribute(key, value);
        return new HandshakeResult(0, AttributeMaps.merged(attributes, one), AttributeMaps.without(notes, one), expiresAt);
    }

    /**
     * This acceptance with attribute {@code key} set on the new connection as a note, not part
     * of the session's identity: a resume is not refused for a note that differs, and sets it to
     * the value its own checks attach (a note they do not attach is gone). For what describes
     * the connection of the moment, which changes when a phone switches networks: the client's
     * address, its user agent. Never for what decides what the client may do.
     */
    public <T> HandshakeResult note(AttributeKey<T> key, T value) {
        Map<AttributeKey<?>, Object> one = attribute(key, value);
        return new HandshakeResult(0, AttributeMaps.merged(attributes, one), AttributeMaps.merged(notes, one), expiresAt);
    }

    private <T> Map<AttributeKey<?>, Object> attribute(AttributeKey<T> key, T value) {
        if (!accepted()) throw new IllegalStateException("a rejection carries no attributes");
        return Map.of(key, key.type().cast(Objects.requireNonNull(value, "value")));
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
        return new HandshakeResult(0, attributes, notes, Objects.requireNonNull(expiresAt, "expiresAt"));
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

    /** The attributes the new connection starts with: its identity ({@link #with}) and its notes. */
    public Map<AttributeKey<?>, Object> attributes() {
        return attributes;
    }

    /** Those of the {@link #attributes} that are notes ({@link #note}): not part of the identity a resume must match. */
    public Map<AttributeKey<?>, Object> notes() {
        return notes;
    }
}
