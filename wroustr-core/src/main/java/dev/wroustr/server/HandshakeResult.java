package dev.wroustr.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link HandshakeCheck} decided: accept, optionally with attributes for the new
 * connection, or reject with an HTTP status. Immutable.
 */
public final class HandshakeResult {
    private static final HandshakeResult ACCEPT = new HandshakeResult(0, Map.of());

    private final int status;
    private final Map<AttributeKey<?>, Object> attributes;

    private HandshakeResult(int status, Map<AttributeKey<?>, Object> attributes) {
        this.status = status;
        this.attributes = attributes;
    }

    /** Lets the connection open, with no attributes. */
    public static HandshakeResult accept() {
        return ACCEPT;
    }

    /** Rejects with {@code status}, 400 to 599 (401 for a missing token, 403 for a wrong one, ...). */
    public static HandshakeResult reject(int status) {
        if (status < 400 || status > 599) throw new IllegalArgumentException("rejection status not in 400..599: " + status);
        return new HandshakeResult(status, Map.of());
    }

    /** This acceptance with attribute {@code key} set on the new connection. */
    public <T> HandshakeResult with(AttributeKey<T> key, T value) {
        if (!accepted()) throw new IllegalStateException("a rejection carries no attributes");
        Map<AttributeKey<?>, Object> copy = new HashMap<>(attributes);
        copy.put(key, key.type().cast(Objects.requireNonNull(value, "value")));
        return new HandshakeResult(0, Map.copyOf(copy));
    }

    /** Whether the connection may open. */
    public boolean accepted() {
        return status == 0;
    }

    /** The HTTP status of a rejection; 0 when accepted. */
    public int status() {
        return status;
    }

    /** The attributes the new connection starts with. */
    public Map<AttributeKey<?>, Object> attributes() {
        return attributes;
    }
}
