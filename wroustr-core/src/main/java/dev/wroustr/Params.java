package dev.wroustr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The params of a message: string keys to string values, in the order they first appeared.
 * Immutable and safe to share between threads; {@link #with} and {@link #without} return new
 * instances. Keys are compared exactly (case-sensitive) and carry no {@code #}.
 *
 * <p>Typed getters throw {@link MissingParamException} when the key is absent and
 * {@link ParamException} when the value does not parse; both name the key. Thrown from a
 * handler, they raise the {@code ERROR} route.
 */
public final class Params {
    private static final String[] NONE = new String[0];
    private static final Params EMPTY = new Params(NONE);

    // Keys at even indexes, values at odd ones: messages hold a handful of params, so a linear
    // scan beats hashing and keeps the order for free.
    private final String[] entries;

    private Params(String[] entries) {
        this.entries = entries;
    }

    /** No params. */
    public static Params empty() {
        return EMPTY;
    }

    /**
     * Params from alternating keys and values: {@code Params.of("user", "bob", "room", "lobby")}.
     * A key given twice keeps its last value at the place of its first appearance.
     *
     * @throws IllegalArgumentException if the count is odd
     * @throws NullPointerException if a key or value is null
     */
    public static Params of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate: odd count " + keysAndValues.length);
        }
        Params params = EMPTY;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params = params.with(keysAndValues[i], keysAndValues[i + 1]);
        }
        return params;
    }

    /**
     * Takes ownership of an array of alternating keys and values with no duplicate keys and no
     * nulls, without copying. For the parser, which has already checked both.
     */
    static Params adopt(String[] entries, int length) {
        if (length == 0) return EMPTY;
        return new Params(length == entries.length ? entries : Arrays.copyOf(entries, length));
    }

    /** The value of {@code key}, or {@code null} if absent. */
    public String get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : entries[i + 1];
    }

    /** The value of {@code key}, or {@code fallback} if absent. */
    public String get(String key, String fallback) {
        int i = indexOf(key);
        return i < 0 ? fallback : entries[i + 1];
    }

    /** The value of {@code key}. @throws MissingParamException if absent */
    public String require(String key) {
        int i = indexOf(key);
        if (i < 0) throw new MissingParamException(key);
        return entries[i + 1];
    }

    /** The value of {@code key} as a decimal {@code int}. @throws ParamException if absent or not an int */
    public int getInt(String key) {
        String value = require(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw notA(key, "an int");
        }
    }

    /** The value of {@code key} as an {@code int}, or {@code fallback} if absent. @throws ParamException if present but not an int */
    public int getInt(String key, int fallback) {
        return containsKey(key) ? getInt(key) : fallback;
    }

    /** The value of {@code key} as a decimal {@code long}. @throws ParamException if absent or not a long */
    public long getLong(String key) {
        String value = require(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw notA(key, "a long");
        }
    }

    /** The value of {@code key} as a {@code long}, or {@code fallback} if absent. @throws ParamException if present but not a long */
    public long getLong(String key, long fallback) {
        return containsKey(key) ? getLong(key) : fallback;
    }

    /** The value of {@code key} as a {@code double}. @throws ParamException if absent or not a number */
    public double getDouble(String key) {
        String value = require(key);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw notA(key, "a number");
        }
    }

    /**
     * The value of {@code key} as a boolean: exactly {@code true} or {@code false}, as the seed
     * writes them. @throws ParamException if absent or anything else
     */
    public boolean getBoolean(String key) {
        String value = require(key);
        if (value.equals("true")) return true;
        if (value.equals("false")) return false;
        throw notA(key, "a boolean (true or false)");
    }

    /** The value of {@code key} as a boolean, or {@code fallback} if absent. @throws ParamException if present but not a boolean */
    public boolean getBoolean(String key, boolean fallback) {
        return containsKey(key) ? getBoolean(key) : fallback;
    }

    /** Whether {@code key} is present. */
    public boolean containsKey(String key) {
        return indexOf(key) >= 0;
    }

    /** The number of params. */
    public int size() {
        return entries.length / 2;
    }

    /** Whether there are no params. */
    public boolean isEmpty() {
        return entries.length == 0;
    }

    /** The key at {@code index}, in order. */
    public String keyAt(int index) {
        Objects.checkIndex(index, size());
        return entries[2 * index];
    }

    /** The value at {@code index}, in order. */
    public String valueAt(int index) {
        Objects.checkIndex(index, size());
        return entries[2 * index + 1];
    }

    /** The keys, in order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(size());
        for (int i = 0; i < entries.length; i += 2) keys.add(entries[i]);
        return Collections.unmodifiableList(keys);
    }

    /** A read-only copy as a map that keeps the order. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        forEach(map::put);
        return Collections.unmodifiableMap(map);
    }

    /** Calls {@code action} with each key and value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < entries.length; i += 2) action.accept(entries[i], entries[i + 1]);
    }

    /**
     * These params with {@code key} set to {@code value}: replaced in place if present,
     * appended otherwise.
     *
     * @throws IllegalArgumentException if the key is empty or holds ASCII white space, so it
     *     could not be written
     */
    public Params with(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        int i = indexOf(key);
        String[] copy;
        if (i >= 0) {
            if (entries[i + 1].equals(value)) return this;
            copy = entries.clone();
        } else {
            // Checked here, once per key, so every Params can be written and Message.of need not look again.
            MessageWriter.checkKey(key);
            copy = Arrays.copyOf(entries, entries.length + 2);
            i = entries.length;
            copy[i] = key;
        }
        copy[i + 1] = value;
        return new Params(copy);
    }

    /** These params without {@code key}; the same instance if it is absent. */
    public Params without(String key) {
        int i = indexOf(key);
        if (i < 0) return this;
        String[] copy = new String[entries.length - 2];
        System.arraycopy(entries, 0, copy, 0, i);
        System.arraycopy(entries, i + 2, copy, i, entries.length - i - 2);
        return copy.length == 0 ? EMPTY : new Params(copy);
    }

    private int indexOf(String key) {
        for (int i = 0; i < entries.length; i += 2) {
            if (entries[i].equals(key)) return i;
        }
        return -1;
    }

    private static ParamException notA(String key, String what) {
        return new ParamException(key, "param \"" + key + "\" is not " + what);
    }

    /** Equal when the same keys map to the same values in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Params other && Arrays.equals(entries, other.entries);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(entries);
    }

    /** The params as a map prints them: {@code {user=bob, room=lobby}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < entries.length; i += 2) {
            if (i > 0) text.append(", ");
            text.append(entries[i]).append('=').append(entries[i + 1]);
        }
        return text.append('}').toString();
    }
}
