package dev.wroustr;

/**
 * Reuses the strings of route names and keys across messages: a server sees the same few names
 * over and over, and a parse that allocates none for them allocates half as much. A fixed table
 * of slots indexed by hash; a miss replaces the slot. Racy by design: a String is immutable and
 * safely published, so the worst a race does is a miss.
 */
final class NameCache {
    /** Longer names are rare and would let one message pin large strings in the table. */
    static final int MAX_LENGTH = 32;
    private static final int SLOTS = 1024;
    private static final String[] TABLE = new String[SLOTS];

    private NameCache() {}

    /** {@code text.substring(from, to)}, from the table when it holds it. */
    static String name(String text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) hash = 31 * hash + text.charAt(i);
        return name(text, from, to, hash);
    }

    /** As {@link #name(String, int, int)}, with the chars' {@code String.hashCode()} already computed. */
    static String name(String text, int from, int to, int hash) {
        int length = to - from;
        if (length > MAX_LENGTH) return text.substring(from, to);
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String cached = TABLE[slot];
        if (cached != null && cached.length() == length && text.regionMatches(from, cached, 0, length)) {
            return cached;
        }
        String name = text.substring(from, to);
        TABLE[slot] = name;
        return name;
    }
}
