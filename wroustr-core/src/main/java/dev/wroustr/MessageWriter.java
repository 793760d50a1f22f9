package dev.wroustr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the canonical text of PROTOCOL.md section 8 straight into UTF-8 bytes, the form a
 * frame carries: a reply goes on the wire without a String between. Params parsed from text
 * are copied from that text where they lie, without making their strings first. One instance
 * per message written.
 */
final class MessageWriter {
    // What a char needs in a value, as bits: nothing, quotes around the value, an escape (which
    // comes with quotes), or more than one byte. Indexed by any char: 64 KiB, so the lookup needs
    // no clamp and no bounds check, which writes a message built by hand in 91 ns instead of 106.
    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte ESCAPE = 2;
    private static final byte NOT_ASCII = 4;
    private static final byte[] KINDS = kindTable();

    // How the second pass writes a param, as found by the first: two bits each for the first 32
    // params, the others always the general way.
    private static final int GENERAL = 0; // char by char, as the value needs
    private static final int BARE = 1; // ASCII with nothing to quote: key and value copied
    private static final int QUOTED = 2; // ASCII to quote, with no escapes: key and value copied
    private static final int PARSED = 3; // not made yet: copied from the parsed text if written there as here
    private static final int PLANNED = 32;

    private byte[] bytes;
    private int length;
    // A stretch of the parsed text, from the space before a key to the end of a value, that is
    // already in canonical form: copied in one go once the next param does not continue it.
    private int runStart;
    private int runEnd = -1;

    private MessageWriter(int capacity) {
        bytes = new byte[capacity];
    }

    /**
     * The canonical text of {@code message} in UTF-8, in an array of its length. Two passes: the
     * first looks at the values made by hand and sizes the array, exactly unless a value needs
     * escapes or Unicode; the second copies. Params not made yet are checked in the second
     * pass, as that is where their text, if already canonical, goes over in one copy.
     */
    static byte[] utf8(Message message) {
        String route = message.route();
        Params params = message.params();
        int entries = 2 * params.size();
        int capacity = route.length();
        long plan = 0;
        boolean allParsed = entries > 0;
        for (int i = 0; i < entries; i += 2) {
            int way = plan(params, i);
            capacity += way == PARSED ? parsedLength(params, i) : 3 + params.keyLength(i) + params.valueLength(i) + (way == BARE ? 0 : 2);
            if (i / 2 < PLANNED) plan |= (long) way << i;
            allParsed &= way == PARSED;
        }
        if (allParsed && capacity == params.source().length()) {
            byte[] asParsed = asParsed(route, params, entries);
            if (asParsed != null) return asParsed;
        }
        MessageWriter writer = new MessageWriter(capacity);
        writer.name(route, 0, route.length());
        for (int i = 0; i < entries; i += 2) {
            int way = i / 2 < PLANNED ? (int) (plan >>> i) & 3 : GENERAL;
            if (way == PARSED) {
                writer.parsedParam(params, i);
            } else {
                writer.flushRun(params.source());
                if (way == GENERAL) writer.param(params, i);
                else writer.asciiParam(params.keyIfMade(i), params.valueIfMade(i), way == QUOTED);
            }
        }
        writer.flushRun(params.source());
        return writer.length == writer.bytes.length ? writer.bytes : Arrays.copyOf(writer.bytes, writer.length);
    }

    /**
     * The parsed text itself in UTF-8, or null unless that is exactly what the writer would
     * write: the common case of a message passed on unchanged, written with one encoding call
     * and a look at eight bytes at a time. Only for ASCII text.
     */
    private static byte[] asParsed(String route, Params params, int entries) {
        String source = params.source();
        if (!source.startsWith(route)) return null;
        int end = route.length();
        int quotes = 0;
        for (int i = 0; i < entries; i += 2) {
            // Each param right after the one before.
            int next = params.keyStart(i) == end + 2 ? laidOutEnd(params, i) : -1;
            if (next < 0) return null;
            int valueStart = params.valueStart(i);
            int valueEnd = params.valueEnd(i);
            if (next != valueEnd) {
                // Quoted as it must be: empty, or holding a space. Nothing in it to escape, as
                // it holds no control char (checked below), nor quote or backslash (parsed so).
                if (valueStart != valueEnd && !holdsSpace(source, valueStart, valueEnd)) return null;
                quotes += 2;
            }
            end = next;
        }
        if (end != source.length()) return null;
        byte[] utf8 = source.getBytes(StandardCharsets.UTF_8);
        // A bare value holds no quote, a quoted one no control char: the words tell both.
        return utf8.length == end && AsciiWords.plainWithQuotes(utf8, quotes) ? utf8 : null;
    }

    /**
     * Where the param at even index {@code i}, not made yet, ends in the parsed text (past its
     * closing quote), if the text lays it out as the writer does: a space, '#', the key, one
     * space, the value bare or between single quotes; else -1. What the key and value hold is
     * for the caller to look at.
     */
    private static int laidOutEnd(Params params, int i) {
        String source = params.source();
        int keyEnd = params.keyEnd(i);
        int valueStart = params.valueStart(i);
        if (source.charAt(params.keyStart(i) - 2) != ' ' || source.charAt(keyEnd) != ' ') return -1;
        if (valueStart == keyEnd + 1) return params.valueEnd(i);
        if (valueStart == keyEnd + 2 && source.charAt(keyEnd + 1) == '\'') return params.valueEnd(i) + 1;
        return -1;
    }

    private static boolean holdsSpace(String s, int from, int to) {
        int space = s.indexOf(' ', from);
        return space >= 0 && space < to;
    }

    /** How to write the param at even index {@code i}; for a value made by hand, found by looking at it. */
    private static int plan(Params params, int i) {
        String key = params.keyIfMade(i);
        String value = params.valueIfMade(i);
        if (value == null) return key == null && !params.valueHoldsEscapes(i) ? PARSED : GENERAL;
        if (key == null || !isAscii(key)) return GENERAL;
        return switch (kinds(value, 0, value.length())) {
            case PLAIN -> BARE;
            case QUOTE -> QUOTED;
            default -> GENERAL;
        };
    }

    /** The length of {@code  #key value} in the parsed text, for a param not made yet. */
    private static int parsedLength(Params params, int i) {
        // The char before a bare value is white space, before a quoted one its quote.
        int closingQuote = MessageParser.isWhiteSpace(params.source().charAt(params.valueStart(i) - 1)) ? 0 : 1;
        return params.valueEnd(i) + closingQuote - (params.keyStart(i) - 2);
    }

    /**
     * A param not made yet: added to the run when the parsed text already holds it as it is
     * written here, {@code  #key value} with single spaces and single quotes only where needed;
     * else written the general way.
     */
    private void parsedParam(Params params, int i) {
        String source = params.source();
        int end = laidOutEnd(params, i);
        int valueEnd = params.valueEnd(i);
        if (end >= 0 && isAscii(source, params.keyStart(i), params.keyEnd(i))
                && kinds(source, params.valueStart(i), valueEnd) == (end == valueEnd ? PLAIN : QUOTE)) {
            int from = params.keyStart(i) - 2;
            if (from != runEnd) {
                flushRun(source);
                runStart = from;
            }
            runEnd = end;
            return;
        }
        flushRun(source);
        param(params, i);
    }

    private void flushRun(String source) {
        if (runEnd < 0) return;
        ensure(runEnd - runStart);
        copyAscii(source, runStart, runEnd);
        runEnd = -1;
    }

    /** {@code  #key value} for an ASCII key and value, the value with nothing to escape. */
    private void asciiParam(String key, String value, boolean quoted) {
        ensure(key.length() + value.length() + (quoted ? 5 : 3));
        bytes[length++] = ' ';
        bytes[length++] = '#';
        copyAscii(key, 0, key.length());
        bytes[length++] = ' ';
        if (quoted) bytes[length++] = '\'';
        copyAscii(value, 0, value.length());
        if (quoted) bytes[length++] = '\'';
    }

    /** @throws IllegalArgumentException naming the route if it cannot be written */
    static void checkRoute(String route) {
        if (!isRoute(route)) {
            throw new IllegalArgumentException("route must start with '@' and hold no white space: " + quote(route));
        }
    }

    /** Whether {@code route} can be written: {@code @} and a name without white space. */
    static boolean isRoute(String route) {
        return route != null && route.length() >= 2 && route.charAt(0) == '@' && !hasAsciiWhiteSpace(route);
    }

    /** @throws IllegalArgumentException naming the key if it cannot be written */
    static void checkKey(String key) {
        if (key == null || key.isEmpty() || hasAsciiWhiteSpace(key)) {
            throw new IllegalArgumentException("key must not be empty nor hold white space: " + quote(key));
        }
    }

    /** {@code  #key value}, for the param at even index {@code i}. */
    private void param(Params params, int i) {
        // A name takes as many bytes as chars unless it holds non-ASCII, which makes its own room.
        ensure(params.keyLength(i) + 3);
        bytes[length++] = ' ';
        bytes[length++] = '#';
        String key = params.keyIfMade(i);
        if (key != null) {
            name(key, 0, key.length());
        } else {
            name(params.source(), params.keyStart(i), params.keyEnd(i));
        }
        bytes[length++] = ' ';
        String value = params.valueIfMade(i);
        if (value != null) {
            value(value, 0, value.length());
        } else if (params.valueHoldsEscapes(i)) {
            value = params.valueAt(i / 2);
            value(value, 0, value.length());
        } else {
            value(params.source(), params.valueStart(i), params.valueEnd(i));
        }
    }

    /** A route or key, between {@code from} and {@code to}: checked to hold no white space, so written as it is. */
    private void name(String s, int from, int to) {
        if (!isAscii(s, from, to)) {
            // Leaves two bytes to spare at least, for what param writes after it.
            escapedValue(s, from, to, false);
            return;
        }
        ensure(to - from);
        copyAscii(s, from, to);
    }

    /**
     * A value, bare when it can be, else quoted with its escapes. One look at the chars tells
     * which; an ASCII value then goes over in one copy.
     */
    private void value(String s, int from, int to) {
        int kinds = kinds(s, from, to);
        if ((kinds & NOT_ASCII) != 0) {
            unicodeValue(s, from, to);
        } else if ((kinds & ESCAPE) != 0) {
            escapedValue(s, from, to, true);
        } else {
            ensure(to - from + 2);
            if (kinds == QUOTE) bytes[length++] = '\'';
            copyAscii(s, from, to);
            if (kinds == QUOTE) bytes[length++] = '\'';
        }
    }

    /** What the value between {@code from} and {@code to} needs, as bits: see {@link #KINDS}. */
    private static int kinds(String s, int from, int to) {
        int kinds = from == to ? QUOTE : PLAIN;
        for (int i = from; i < to; i++) kinds |= KINDS[s.charAt(i)];
        return kinds;
    }

    private static boolean isAscii(String s) {
        return isAscii(s, 0, s.length());
    }

    private static boolean isAscii(String s, int from, int to) {
        int all = 0;
        for (int i = from; i < to; i++) all |= s.charAt(i);
        return all < 0x80;
    }

    /** Copies ASCII chars, each one byte in UTF-8, into room made already. */
    @SuppressWarnings("deprecation") // the byte-wise getBytes is exact for ASCII, and one array copy
    private void copyAscii(String s, int from, int to) {
        s.getBytes(from, to, bytes, length);
        length += to - from;
    }

    /** A value with a char beyond ASCII: quoted if it holds Unicode white space. */
    private void unicodeValue(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80 ? KINDS[c] != PLAIN : isUnicodeWhiteSpace(c)) {
                escapedValue(s, from, to, true);
                return;
            }
        }
        escapedValue(s, from, to, false);
    }

    /** Char by char: escapes when {@code quoted}, and any char in UTF-8. For names too, never quoted. */
    private void escapedValue(String s, int from, int to, boolean quoted) {
        // Two quotes, and at most three bytes a char: an escape is two, a surrogate pair four for two chars.
        ensure(3 * (to - from) + 2);
        byte[] out = bytes;
        if (quoted) out[length++] = '\'';
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                i = encode(s, i, to);
            } else if (quoted && (KINDS[c] & ESCAPE) != 0) {
                out[length++] = '\\';
                out[length++] = (byte) escapeLetter(c);
            } else {
                out[length++] = (byte) c;
            }
        }
        if (quoted) out[length++] = '\'';
    }

    /**
     * Writes the non-ASCII char at {@code i} (a pair of surrogates, both) into room made
     * already, and returns the index of its last char.
     */
    private int encode(String s, int i, int to) {
        byte[] out = bytes;
        int at = length;
        char c = s.charAt(i);
        if (c < 0x800) {
            out[at++] = (byte) (0xC0 | c >> 6);
            out[at++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
            int point = Character.toCodePoint(c, s.charAt(++i));
            out[at++] = (byte) (0xF0 | point >> 18);
            out[at++] = (byte) (0x80 | point >> 12 & 0x3F);
            out[at++] = (byte) (0x80 | point >> 6 & 0x3F);
            out[at++] = (byte) (0x80 | point & 0x3F);
        } else if (Character.isSurrogate(c)) {
            out[at++] = '?'; // unpaired, as String.getBytes writes it
        } else {
            out[at++] = (byte) (0xE0 | c >> 12);
            out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
            out[at++] = (byte) (0x80 | c & 0x3F);
        }
        length = at;
        return i;
    }

    private void ensure(int room) {
        if (bytes.length - length < room) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + room));
    }

    private static char escapeLetter(char c) {
        return switch (c) {
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> c; // \ and '
        };
    }

    /**
     * Which ASCII chars a bare value may not hold: stricter than the parser needs (which splits
     * on ASCII white space only), so that a human reading the text sees every separator; quotes
     * and backslashes are quoted so a bare value never starts a quoted one.
     */
    private static byte[] kindTable() {
        byte[] kinds = new byte[0x10000];
        for (char c : new char[] {' ', '\u000B', '\f', '"'}) kinds[c] = QUOTE;
        for (char c : new char[] {'\\', '\'', '\n', '\r', '\t'}) kinds[c] = QUOTE | ESCAPE;
        Arrays.fill(kinds, 0x80, kinds.length, NOT_ASCII);
        return kinds;
    }

    /**
     * The Unicode {@code White_Space} property beyond ASCII. Not {@link Character#isWhitespace},
     * which leaves out the no-break spaces (U+00A0, U+2007, U+202F).
     */
    private static boolean isUnicodeWhiteSpace(char c) {
        return c == '\u0085' || c == '\u00A0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A')
                || c == '\u2028' || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }

    private static boolean hasAsciiWhiteSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (MessageParser.isWhiteSpace(s.charAt(i))) return true;
        }
        return false;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
