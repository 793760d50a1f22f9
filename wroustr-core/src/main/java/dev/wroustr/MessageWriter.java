package dev.wroustr;

import java.util.Arrays;

/**
 * Writes the canonical text of PROTOCOL.md section 8 straight into UTF-8 bytes, the form a
 * frame carries: a reply goes on the wire without a String between. Params parsed from text
 * are copied from that text where they lie, without making their strings first. One instance
 * per message written.
 */
final class MessageWriter {
    // What an ASCII char needs in a value, as bits: nothing, quotes around the value, an escape
    // (which comes with quotes).
    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte ESCAPE = 2;
    private static final byte[] ASCII = asciiKinds();

    private byte[] bytes;
    private int length;

    private MessageWriter(int capacity) {
        bytes = new byte[capacity];
    }

    /** The canonical text of {@code message} in UTF-8, in an array of its length. */
    static byte[] utf8(Message message) {
        String route = message.route();
        Params params = message.params();
        int entries = 2 * params.size();
        // Exact for ASCII when every value is quoted and none escaped; grown when it falls short.
        int capacity = route.length();
        for (int i = 0; i < entries; i += 2) capacity += 5 + params.keyLength(i) + params.valueLength(i);
        MessageWriter writer = new MessageWriter(capacity);
        writer.name(route, 0, route.length());
        for (int i = 0; i < entries; i += 2) writer.param(params, i);
        return writer.length == writer.bytes.length ? writer.bytes : Arrays.copyOf(writer.bytes, writer.length);
    }

    /** @throws IllegalArgumentException naming the route if it cannot be written */
    static void checkRoute(String route) {
        if (route == null || route.length() < 2 || route.charAt(0) != '@' || hasAsciiWhiteSpace(route)) {
            throw new IllegalArgumentException("route must start with '@' and hold no white space: " + quote(route));
        }
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
        for (int i = from; i < to; i++) {
            if (s.charAt(i) >= 0x80) {
                // Leaves two bytes to spare at least, for what param writes after it.
                escapedValue(s, from, to, false);
                return;
            }
        }
        ensure(to - from);
        copyAscii(s, from, to);
    }

    /**
     * A value, bare when it can be, else quoted with its escapes. One look at the chars tells
     * which; an ASCII value then goes over in one copy.
     */
    private void value(String s, int from, int to) {
        int kinds = from == to ? QUOTE : PLAIN;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                unicodeValue(s, from, to);
                return;
            }
            kinds |= ASCII[c];
        }
        if ((kinds & ESCAPE) != 0) {
            escapedValue(s, from, to, true);
            return;
        }
        ensure(to - from + 2);
        if (kinds == PLAIN) {
            copyAscii(s, from, to);
        } else {
            bytes[length++] = '\'';
            copyAscii(s, from, to);
            bytes[length++] = '\'';
        }
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
            if (c < 0x80 ? ASCII[c] != PLAIN : isUnicodeWhiteSpace(c)) {
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
            } else if (quoted && (ASCII[c] & ESCAPE) != 0) {
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
    private static byte[] asciiKinds() {
        byte[] kinds = new byte[0x80];
        for (char c : new char[] {' ', '\u000B', '\f', '"'}) kinds[c] = QUOTE;
        for (char c : new char[] {'\\', '\'', '\n', '\r', '\t'}) kinds[c] = QUOTE | ESCAPE;
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
