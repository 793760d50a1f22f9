package dev.wroustr;

import dev.wroustr.internal.RecordBinder;
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
 *
 * <p>Params parsed from a message hold that message's text and make each key and value from it
 * when first asked for; a value taken out is a string of its own, which does not hold the text.
 */
public final class Params {
    private static final String[] NONE = new String[0];
    private static final Params EMPTY = new Params(NONE);

    // Keys at even indexes, values at odd ones: messages hold a handful of params, so a linear
    // scan beats hashing and keeps the order for free. In params parsed from text a key or value
    // is null until first asked for, and made then from the text: a handler that reads two
    // params of five pays for two strings, and finding a key compares it with the text in place.
    // Filling a slot twice in a race makes two equal strings, so that needs no lock.
    private final String[] entries;
    // The parsed text and, at twice an entry's index, where in it the entry lies: a key's start
    // and end, then its value's. Null when made by hand.
    private final String source;
    private final int[] spans;

    private Params(String[] entries) {
        this(entries, null, null);
    }

    private Params(String[] entries, String source, int[] spans) {
        this.entries = entries;
        this.source = source;
        this.spans = spans;
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
     * Params whose keys and values are made from {@code source} when first asked for. The first
     * {@code length} ints of {@code spans} hold four per param: the key's start and end, and the
     * value's start and end, that end negative (its complement) for a quoted value holding
     * escapes. The keys are distinct and the values checked against the grammar: for the parser.
     */
    static Params adoptLazy(String source, int[] spans, int length) {
        if (length == 0) return EMPTY;
        // Spans past the length are never read: keep the array rather than copy it.
        return new Params(new String[length / 2], source, spans);
    }

    /** The value of {@code key}, or {@code null} if absent. */
    public String get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : value(i);
    }

    /** The value of {@code key}, or {@code fallback} if absent. */
    public String get(String key, String fallback) {
        int i = indexOf(key);
        return i < 0 ? fallback : value(i);
    }

    /** The value of {@code key}. @throws MissingParamException if absent */
    public String require(String key) {
        int i = indexOf(key);
        if (i < 0) throw new MissingParamException(key);
        return value(i);
    }

    /** The value of {@code key} as a decimal {@code int}. @throws ParamException if absent or not an int */
    public int getInt(String key) {
        return toInt(key, require(key));
    }

    /** The value of {@code key} as an {@code int}, or {@code fallback} if absent. @throws ParamException if present but not an int */
    public int getInt(String key, int fallback) {
        String value = get(key);
        return value == null ? fallback : toInt(key, value);
    }

    /** The value of {@code key} as a decimal {@code long}. @throws ParamException if absent or not a long */
    public long getLong(String key) {
        return toLong(key, require(key));
    }

    /** The value of {@code key} as a {@code long}, or {@code fallback} if absent. @throws ParamException if present but not a long */
    public long getLong(String key, long fallback) {
        String value = get(key);
        return value == null ? fallback : toLong(key, value);
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
        return toBoolean(key, require(key));
    }

    /** The value of {@code key} as a boolean, or {@code fallback} if absent. @throws ParamException if present but not a boolean */
    public boolean getBoolean(String key, boolean fallback) {
        String value = get(key);
        return value == null ? fallback : toBoolean(key, value);
    }

    private static int toInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw notA(key, "an int");
        }
    }

    private static long toLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw notA(key, "a long");
        }
    }

    private static boolean toBoolean(String key, String value) {
        if (value.equals("true")) return true;
        if (value.equals("false")) return false;
        throw notA(key, "a boolean (true or false)");
    }

    /**
     * These params bound to a record, one param per component of the same name; params the
     * record does not name are left out. A component may be a {@code String}, a primitive type
     * or its box (parsed as the typed getters parse), an enum (the constant's exact name), a
     * {@code UUID}, or an {@code Optional} of those for a param that may be absent; every other
     * param must be present. The record's constructor is its validation: what it throws
     * refuses the params.
     *
     * @throws ParamBindingException naming the param and the {@link ParamBindingException.Reason reason}
     * @throws IllegalArgumentException if a component has a type no param binds to
     */
    public <R extends Record> R as(Class<R> type) {
        return RecordBinder.of(type).bind(this);
    }

    /**
     * {@code record}'s components as params, in their order, written so that {@link #as} binds
     * them back to an equal record: enums by name, an empty {@code Optional} as no param.
     *
     * @throws NullPointerException if a component is null (use an {@code Optional})
     * @throws IllegalArgumentException if a component has a type no param binds to
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> Params from(R record) {
        Objects.requireNonNull(record, "record");
        return RecordBinder.of((Class<R>) record.getClass()).write(record);
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
        return key(2 * index);
    }

    /** The value at {@code index}, in order. */
    public String valueAt(int index) {
        Objects.checkIndex(index, size());
        return value(2 * index);
    }

    /** The keys, in order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(size());
        for (int i = 0; i < entries.length; i += 2) keys.add(key(i));
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
        for (int i = 0; i < entries.length; i += 2) action.accept(key(i), value(i));
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
            if (value(i).equals(value)) return this;
            copy = entries.clone();
        } else {
            // Checked here, once per key, so every Params can be written and Message.of need not look again.
            MessageWriter.checkKey(key);
            copy = Arrays.copyOf(entries, entries.length + 2);
            i = entries.length;
            copy[i] = key;
        }
        copy[i + 1] = value;
        // Shared, as nothing writes spans after the parse: they stay right for the entries not
        // made yet, and the entry set here is made, so its span (if it has one) is never read.
        return new Params(copy, source, spans);
    }

    /** These params without {@code key}; the same instance if it is absent. */
    public Params without(String key) {
        int i = indexOf(key);
        if (i < 0) return this;
        if (entries.length == 2) return EMPTY;
        // Without the last entry (the server's uuid, say) the others keep their places and spans.
        boolean last = i == entries.length - 2;
        return new Params(withoutPair(entries, i), source, spans == null || last ? spans : withoutSpans(spans, 2 * i));
    }

    private static String[] withoutPair(String[] array, int i) {
        String[] copy = new String[array.length - 2];
        System.arraycopy(array, 0, copy, 0, i);
        System.arraycopy(array, i + 2, copy, i, array.length - i - 2);
        return copy;
    }

    private static int[] withoutSpans(int[] spans, int i) {
        // Past the parsed entries, every one was set by hand and has no span to move.
        if (i >= spans.length) return spans;
        int[] copy = new int[spans.length - 4];
        System.arraycopy(spans, 0, copy, 0, i);
        System.arraycopy(spans, i + 4, copy, i, spans.length - i - 4);
        return copy;
    }

    // ---- for the writer, which copies what is not made yet straight from the source text ----

    String keyIfMade(int i) {
        return entries[i];
    }

    String valueIfMade(int i) {
        return entries[i + 1];
    }

    String source() {
        return source;
    }

    int keyStart(int i) {
        return spans[2 * i];
    }

    int keyEnd(int i) {
        return spans[2 * i + 1];
    }

    int valueStart(int i) {
        return spans[2 * i + 2];
    }

    int valueEnd(int i) {
        return spans[2 * i + 3];
    }

    boolean valueHoldsEscapes(int i) {
        return spans[2 * i + 3] < 0;
    }

    /** The key's length in chars, without making it. */
    int keyLength(int i) {
        String key = entries[i];
        return key != null ? key.length() : spans[2 * i + 1] - spans[2 * i];
    }

    /** The value's length in chars, or for one with escapes still to undo, its length quoted. */
    int valueLength(int i) {
        String value = entries[i + 1];
        if (value != null) return value.length();
        int end = spans[2 * i + 3];
        return (end >= 0 ? end : ~end) - spans[2 * i + 2];
    }

    /** The key at even index {@code i}, made from the source text on first use. */
    private String key(int i) {
        String key = entries[i];
        if (key == null) {
            // Through the cache: a server sees the same few keys over and over.
            key = NameCache.name(source, spans[2 * i], spans[2 * i + 1]);
            entries[i] = key;
        }
        return key;
    }

    /** The value of the key at even index {@code i}, made from the source text on first use. */
    private String value(int i) {
        String value = entries[i + 1];
        if (value == null) {
            int from = spans[2 * i + 2];
            int to = spans[2 * i + 3];
            value = to >= 0 ? source.substring(from, to) : MessageParser.unescape(source, from, ~to);
            entries[i + 1] = value;
        }
        return value;
    }

    private int indexOf(String key) {
        for (int i = 0; i < entries.length; i += 2) {
            String other = entries[i];
            if (other != null ? other.equals(key) : sourceHolds(i, key)) return i;
        }
        return -1;
    }

    /** Whether the key at even index {@code i}, not made yet, is {@code key}. */
    private boolean sourceHolds(int i, String key) {
        int from = spans[2 * i];
        return spans[2 * i + 1] - from == key.length() && source.regionMatches(from, key, 0, key.length());
    }

    private static ParamException notA(String key, String what) {
        return new ParamException(key, "param \"" + key + "\" is not " + what);
    }

    /** Equal when the same keys map to the same values in the same order. */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Params other) || other.entries.length != entries.length) return false;
        for (int i = 0; i < entries.length; i += 2) {
            if (!key(i).equals(other.key(i)) || !value(i).equals(other.value(i))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < entries.length; i += 2) hash = 31 * (31 * hash + key(i).hashCode()) + value(i).hashCode();
        return hash;
    }

    /** The params as a map prints them: {@code {user=bob, room=lobby}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < entries.length; i += 2) {
            if (i > 0) text.append(", ");
            text.append(key(i)).append('=').append(value(i));
        }
        return text.append('}').toString();
    }
}
