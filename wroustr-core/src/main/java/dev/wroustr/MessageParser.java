package dev.wroustr;

import dev.wroustr.ParseException.Kind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses wire text per PROTOCOL.md section 2 in one pass over the chars. Stateless; safe
 * from any thread.
 *
 * <p>This runs once per incoming message, so it allocates only what the result holds: the
 * route name comes from {@link NameCache}, and keys and values are not made at all, only
 * located: {@link Params} makes each from the text when it is first asked for.
 */
final class MessageParser {
    /** Four params fit without growing, which covers most messages. */
    private static final int INITIAL_SPANS = 16;

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

        // Per param, four ints: where its key starts and ends, and where its value starts and ends.
        int[] spans = null;
        int length = 0; // ints used in spans
        Map<String, Integer> index = null;
        while ((i = skipWhiteSpace(text, i)) < end) {
            start = i;
            if (text.charAt(start) != '#') throw new ParseException(Kind.NOT_A_KEY, start);
            i = tokenEnd(text, start + 1);
            if (i - start == 1) throw new ParseException(Kind.NOT_A_KEY, start);
            int keyStart = start + 1;
            int keyEnd = i;

            int at;
            if (index != null) {
                at = index.getOrDefault(NameCache.name(text, keyStart, keyEnd), -1);
            } else {
                at = linearIndexOf(text, spans, length, keyStart, keyEnd);
            }
            // A repeated key replaces a value and adds no param, so it never exceeds the limit.
            if (at < 0 && length / 4 >= maxParams) throw new ParseException(Kind.TOO_MANY_PARAMS, start);

            i = skipWhiteSpace(text, i);
            if (i == end) throw new ParseException(Kind.MISSING_VALUE, end);
            // A negative end marks a quoted value whose escapes are still to undo.
            int valueStart;
            int valueEnd;
            char first = text.charAt(i);
            if (first == '\'' || first == '"') {
                int close = closingQuote(text, i, first);
                valueStart = i + 1;
                valueEnd = close;
                i = (close >= 0 ? close : ~close) + 1;
                if (i < end && !isWhiteSpace(text.charAt(i))) throw new ParseException(Kind.JUNK_AFTER_QUOTE, i);
            } else {
                valueStart = i;
                i = tokenEnd(text, i);
                valueEnd = i;
            }

            if (at >= 0) {
                spans[at + 2] = valueStart;
                spans[at + 3] = valueEnd;
                continue;
            }
            if (spans == null) {
                spans = new int[INITIAL_SPANS];
            } else if (length == spans.length) {
                spans = Arrays.copyOf(spans, length * 2);
            }
            spans[length] = keyStart;
            spans[length + 1] = keyEnd;
            spans[length + 2] = valueStart;
            spans[length + 3] = valueEnd;
            if (index != null) {
                index.put(NameCache.name(text, keyStart, keyEnd), length);
            } else if (length / 4 + 1 == LINEAR_SCAN_LIMIT) {
                index = indexOf(text, spans, length + 4);
            }
            length += 4;
        }
        return Message.trusted(route, spans == null ? Params.empty() : Params.adoptLazy(text, spans, length));
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
        // Most quoted values hold no backslash: then String.indexOf, which the JIT vectorises,
        // finds the end in one go.
        int close = text.indexOf(quote, open + 1);
        int backslash = text.indexOf('\\', open + 1);
        if (close >= 0 && (backslash < 0 || backslash > close)) return close;
        int end = text.length();
        for (int i = open + 1; i < end; i++) {
            char c = text.charAt(i);
            if (c == quote) return ~i;
            if (c == '\\') {
                // A backslash that ends the text leaves the quote open rather than a bad escape.
                if (i + 1 == end) break;
                if (escaped(text.charAt(i + 1)) == 0) throw new ParseException(Kind.BAD_ESCAPE, i);
                i++;
            }
        }
        throw new ParseException(Kind.UNTERMINATED_QUOTE, end);
    }

    /** The quoted content between {@code from} and {@code to}, which holds escapes, already checked. */
    static String unescape(String text, int from, int to) {
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

    /** Where in {@code spans} the key between {@code from} and {@code to} is already, or -1. */
    private static int linearIndexOf(String text, int[] spans, int length, int from, int to) {
        int keyLength = to - from;
        for (int i = 0; i < length; i += 4) {
            int other = spans[i];
            if (spans[i + 1] - other == keyLength && text.regionMatches(other, text, from, keyLength)) return i;
        }
        return -1;
    }

    private static Map<String, Integer> indexOf(String text, int[] spans, int length) {
        Map<String, Integer> index = new HashMap<>(length / 2);
        for (int i = 0; i < length; i += 4) index.put(NameCache.name(text, spans[i], spans[i + 1]), i);
        return index;
    }
}
