package dev.wroustr.server;

import java.util.Objects;

/**
 * A typed key of a per-connection attribute: {@code static final AttributeKey<String> USER =
 * AttributeKey.of("user", String.class);} then {@code dispatcher.attribute(USER, "bob")} in an
 * auth layer and {@code dispatcher.attribute(USER)} in every later route. Keys are equal when
 * name and type are.
 */
public record AttributeKey<T>(String name, Class<T> type) {
    public AttributeKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A key named {@code name} for values of {@code type}. */
    public static <T> AttributeKey<T> of(String name, Class<T> type) {
        return new AttributeKey<>(name, type);
    }
}
