package dev.wroustr;

/** Writes the canonical text of PROTOCOL.md section 8. Stateless; safe from any thread. */
final class MessageWriter {
    /** Room for the quotes and a few escapes, so most messages never regrow the builder. */
    private static final int SLACK_PER_PARAM = 8;

    private MessageWriter() {}

    static String write(Message message) {
        String route = message.route();
        Params params = message.params();
        int size = params.size();
        if (size == 0) return route;

        int capacity = route.length();
        for (int i = 0; i < size; i++) {
            // " #" + key + " " + value, plus slack for quoting
            capacity += 3 + params.keyAt(i).length() + params.valueAt(i).length() + SLACK_PER_PARAM;
        }
        StringBuilder text = new StringBuilder(capacity).append(route);
        for (int i = 0; i < size; i++) {
            text.append(" #").append(params.keyAt(i)).append(' ');
            appendValue(text, params.valueAt(i));
        }
        return text.toString();
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

    private static void appendValue(StringBuilder text, String value) {
        if (isBare(value)) {
            text.append(value);
            return;
        }
        text.append('\'');
        // Copy runs of plain chars in one call; only the five escaped chars break a run.
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            String escape = escape(value.charAt(i));
            if (escape == null) continue;
            text.append(value, run, i).append(escape);
            run = i + 1;
        }
        text.append(value, run, value.length()).append('\'');
    }

    private static String escape(char c) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\'' -> "\\'";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> null;
        };
    }

    /**
     * Whether {@code value} can go on the wire without quotes. Stricter than the parser needs
     * (which splits on ASCII white space only), so that a human reading the text sees every
     * separator; quotes and backslashes are quoted so a bare value never starts a quoted one.
     */
    private static boolean isBare(String value) {
        if (value.isEmpty()) return false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '"' || c == '\\' || isUnicodeWhiteSpace(c)) return false;
        }
        return true;
    }

    /**
     * The Unicode {@code White_Space} property. Not {@link Character#isWhitespace}, which leaves
     * out the no-break spaces (U+00A0, U+2007, U+202F) and takes in U+001C to U+001F.
     */
    static boolean isUnicodeWhiteSpace(char c) {
        if (c <= ' ') return c == ' ' || (c >= '\t' && c <= '\r');
        if (c < '\u0085') return false;
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
