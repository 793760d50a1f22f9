package dev.wroustr.internal.netty;

import dev.wroustr.internal.resume.Resume;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/** What a connection that asks to resume presents in its upgrade request's query (PROTOCOL.md section 11). */
record ResumeRequest(String secret, long received) {
    /** As {@link QueryStringDecoder}: it stops reading a query after this many params. */
    private static final int MAX_PARAMS = 1024;

    /** Whether the client of {@code uri} can resume, and so is offered a session. */
    static boolean offered(String uri) {
        return find(uri, Resume.OFFER_QUERY, false) != null;
    }

    /** The request of {@code uri}, or null if it asks for no resume (or asks in a form that cannot be one). */
    static ResumeRequest of(String uri) {
        String secret = param(uri, Resume.SESSION_QUERY);
        String received = param(uri, Resume.RECEIVED_QUERY);
        if (secret == null || received == null) return null;
        try {
            long count = Long.parseLong(received);
            return count < 0 ? null : new ResumeRequest(secret, count);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The first value of the query param {@code name} in {@code uri} ("" for a name without a
     * value), or null if there is none: what {@code new QueryStringDecoder(uri).parameters()}
     * would give (names and values split at {@code &} and {@code ;}, the query ending at
     * {@code #}, percent-decoded, {@code +} a space), without building its map of every param
     * for every connection.
     */
    static String param(String uri, String name) {
        return find(uri, name, true);
    }

    /** {@link #param}, or "" for any value if {@code value} is false: whether there is one, without copying it. */
    private static String find(String uri, String name, boolean value) {
        int from = uri.indexOf('?');
        if (from < 0) return null;
        int hash = uri.indexOf('#');
        if (hash >= 0 && hash < from) return null;
        int nameStart = from + 1;
        int valueStart = -1;
        int params = 0;
        for (int i = nameStart; ; i++) {
            char c = i < uri.length() ? uri.charAt(i) : '#';
            if (c == '=') {
                if (nameStart == i) {
                    nameStart = i + 1;
                } else if (valueStart < nameStart) {
                    valueStart = i + 1;
                }
            } else if (c == '&' || c == ';' || c == '#') {
                if (nameStart < i) {
                    int nameEnd = valueStart <= nameStart ? i : valueStart - 1;
                    if (named(uri, nameStart, nameEnd, name)) {
                        return valueStart <= nameStart || !value ? "" : decoded(uri, valueStart, i);
                    }
                    if (++params == MAX_PARAMS) return null;
                }
                if (c == '#') return null;
                nameStart = i + 1;
            }
        }
    }

    private static boolean named(String uri, int start, int end, String name) {
        if (plain(uri, start, end)) return end - start == name.length() && uri.startsWith(name, start);
        return decoded(uri, start, end).equals(name);
    }

    private static String decoded(String uri, int start, int end) {
        String part = uri.substring(start, end);
        return plain(uri, start, end) ? part : QueryStringDecoder.decodeComponent(part, StandardCharsets.UTF_8);
    }

    /** Whether the part holds nothing to decode. */
    private static boolean plain(String uri, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = uri.charAt(i);
            if (c == '%' || c == '+') return false;
        }
        return true;
    }
}
