package dev.wroustr.internal.netty;

import dev.wroustr.server.AttributeKey;
import dev.wroustr.server.HandshakeResult;
import java.util.HashMap;
import java.util.Map;

/**
 * The attributes handshake checks and refreshes attach, split in their two kinds
 * ({@link HandshakeResult#with}: the identity a resume must match; {@link HandshakeResult#note}:
 * the connection of the moment's). Immutable maps in and out, copied only where something changes
 * (an immutable map merged into an empty one is taken as it is): a check runs for every handshake.
 */
public final class AttributeMaps {
    private AttributeMaps() {}

    /** {@code later}'s over {@code earlier}'s. */
    public static Map<AttributeKey<?>, Object> merged(Map<AttributeKey<?>, Object> earlier, Map<AttributeKey<?>, Object> later) {
        if (later.isEmpty()) return earlier;
        if (earlier.isEmpty()) return Map.copyOf(later);
        Map<AttributeKey<?>, Object> both = new HashMap<>(earlier);
        both.putAll(later);
        return Map.copyOf(both);
    }

    /** {@code map} without the keys of {@code keysOf}. */
    public static Map<AttributeKey<?>, Object> without(Map<AttributeKey<?>, Object> map, Map<AttributeKey<?>, ?> keysOf) {
        if (map.isEmpty() || keysOf.keySet().stream().noneMatch(map::containsKey)) return map;
        Map<AttributeKey<?>, Object> rest = new HashMap<>(map);
        rest.keySet().removeAll(keysOf.keySet());
        return Map.copyOf(rest);
    }

    /** The identity among {@code attributes}: those that are not {@code notes} (which are some of them). */
    static Map<AttributeKey<?>, Object> identity(Map<AttributeKey<?>, Object> attributes, Map<AttributeKey<?>, Object> notes) {
        if (notes.isEmpty()) return attributes;
        if (notes.size() == attributes.size()) return Map.of();
        return without(attributes, notes);
    }

    /** The notes after {@code result}: those it set and the earlier ones it did not set again (as identity or note). */
    static Map<AttributeKey<?>, Object> notesAfter(Map<AttributeKey<?>, Object> notes, HandshakeResult result) {
        return merged(without(notes, result.attributes()), result.notes());
    }
}
