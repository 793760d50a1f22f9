package dev.wroustr;

import dev.wroustr.ParseException.Kind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses wire text per PROTOCOL.md section 2 in one pass over the chars. Stateless; safe
 * from any thread.
 *
 * <p>This runs once per incoming message, so it allocates only what the result holds: one
 * {@code substring} per value (route names and keys come from {@link NameCache}), a
 * {@link StringBuilder} only for a quoted value with escapes,
 * and one entries array that the {@link Params} adopts.
 */
final class MessageParser {
    /** Four params fit without growing, which covers most messages. */
    private static final int INITIAL_ENTRIES = 8;

    /**
     * Past this many params, duplicate keys are found through a hash index: a linear scan per
     * key would make a text with many params (a receiver may raise the limit) quadratic.
     */
    private static final int LINEAR_SCAN_LIMIT = 32;

    private MessageParser() {}

    static Message parse(String text, int maxParams) {
        if (maxParams < 0) throw new IllegalArgumentException("maxParams < 0: " + maxParams);
        int end = text.length();
        int i = skipWhiteSpace(text, 0);
        if (i == end) throw new ParseException(Kind.EMPTY, end);

        int start = i;
        if (text.charAt(start) != '@') throw new ParseException(Kind.NOT_A_ROUTE, start);
        int hash = '@';
        for (i = start + 1; i < end; i++) {
            char c = text.charAt(i);
            if (isWhiteSpace(c)) break;
            hash = 31 * hash + c;
        }
        if (i - start == 1) throw new ParseException(Kind.NOT_A_ROUTE, start);
        String route = NameCache.name(text, start, i, hash);

        String[] entries = null;
        int length = 0;
        Map<String, Integer> index = null;
        while ((i = skipWhiteSpace(text, i)) < end) {
            start = i;
            if (text.charAt(start) != '#') throw new ParseException(Kind.NOT_A_KEY, start);
            // The key's end and its hash in one pass: the name cache needs the hash anyway.
            hash = 0;
            for (i = start + 1; i < end; i++) {
                char c = text.charAt(i);
                if (isWhiteSpace(c)) break;
                hash = 31 * hash + c;
            }
            if (i - start == 1) throw new ParseException(Kind.NOT_A_KEY, start);
            String key = NameCache.name(text, start + 1, i, hash);

            int at;
            if (index != null) {
                at = index.getOrDefault(key, -1);
            } else {
                at = linearIndexOf(entries, length, key);
            }
            // A repeated key replaces a value and adds no param, so it never exceeds the limit.
            if (at < 0 && length / 2 >= maxParams) throw new ParseException(Kind.TOO_MANY_PARAMS, start);

            i = skipWhiteSpace(text, i);
            if (i == end) throw new ParseException(Kind.MISSING_VALUE, end);
            String value;
            char first = text.charAt(i);
            if (first == '\'' || first == '"') {
                int close = closingQuote(text, i, first);
                if (close >= 0) {
                    value = text.substring(i + 1, close);
                } else {
                    close = ~close;
                    value = unescape(text, i + 1, close);
                }
                i = close + 1;
                if (i < end && !isWhiteSpace(text.charAt(i))) throw new ParseException(Kind.JUNK_AFTER_QUOTE, i);
            } else {
                start = i;
                i = tokenEnd(text, i);
                value = text.substring(start, i);
            }

            if (at >= 0) {
                entries[at + 1] = value;
                continue;
            }
            if (entries == null) {
                entries = new String[INITIAL_ENTRIES];
            } else if (length == entries.length) {
                entries = Arrays.copyOf(entries, length * 2);
            }
            entries[length] = key;
            entries[length + 1] = value;
            if (index != null) {
                index.put(key, length);
            } else if (length / 2 + 1 == LINEAR_SCAN_LIMIT) {
                index = indexOf(entries, length + 2);
            }
            length += 2;
        }
        return Message.trusted(route, entries == null ? Params.empty() : Params.adopt(entries, length));
    }

    /** The ASCII white space of the grammar: SP HTAB LF VT FF CR. Other spaces are namechars. */
    static boolean isWhiteSpace(char c) {
        // Most chars are above ' ', so one comparison settles them.
        return c <= ' ' && (c == ' ' || (c >= '\t' && c <= '\r'));
    }

    private static int skipWhiteSpace(String text, int i) {
        int end = text.length();
        while (i < end && isWhiteSpace(text.charAt(i))) i++;
        return i;
    }

    private static int tokenEnd(String text, int i) {
        int end = text.length();
        while (i < end && !isWhiteSpace(text.charAt(i))) i++;
        return i;
    }

    /**
     * The index of the quote that closes the one at {@code open}, checking escapes on the way;
     * its complement ({@code ~index}, negative) when the value holds escapes to undo.
     *
     * @throws ParseException {@code bad-escape} at the backslash, or {@code unterminated-quote}
     *     at the end of the text
     */
    private static int closingQuote(String text, int open, char quote) {
        int end = text.length();
        boolean escapes = false;
        for (int i = open + 1; i < end; i++) {
            char c = text.charAt(i);
            if (c == quote) return escapes ? ~i : i;
            if (c == '\\') {
                escapes = true;
                // A backslash that ends the text leaves the quote open rather than a bad escape.
                if (i + 1 == end) break;
                if (escaped(text.charAt(i + 1)) == 0) throw new ParseException(Kind.BAD_ESCAPE, i);
                i++;
            }
        }
        throw new ParseException(Kind.UNTERMINATED_QUOTE, end);
    }

    /** The quoted content between {@code from} and {@code to}, which holds escapes, already checked. */
    private static String unescape(String text, int from, int to) {
        int backslash = from;
        while (text.charAt(backslash) != '\\') backslash++;

        StringBuilder value = new StringBuilder(to - from - 1);
        value.append(text, from, backslash);
        for (int i = backslash; i < to; i++) {
            char c = text.charAt(i);
            value.append(c == '\\' ? escaped(text.charAt(++i)) : c);
        }
        return value.toString();
    }

    /** The char that {@code \c} stands for, or 0 if it is not one of the six escapes. */
    private static char escaped(char c) {
        return switch (c) {
            case '\\', '\'', '"' -> c;
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> 0;
        };
    }

    private static int linearIndexOf(String[] entries, int length, String key) {
        for (int i = 0; i < length; i += 2) {
            if (entries[i].equals(key)) return i;
        }
        return -1;
    }

    private static Map<String, Integer> indexOf(String[] entries, int length) {
        Map<String, Integer> index = new HashMap<>(length);
        for (int i = 0; i < length; i += 2) index.put(entries[i], i);
        return index;
    }
}
