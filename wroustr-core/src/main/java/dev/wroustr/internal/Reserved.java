package dev.wroustr.internal;

import dev.wroustr.Params;

/**
 * What the protocol's reserved forms make of a message (PROTOCOL.md sections 9 to 12). Only
 * the first param marks a request or a reply, and {@code $id} only when it can be an id.
 */
public enum Reserved {
    MESSAGE, REQUEST, REPLY, ERROR_REPLY, WELCOME, ACK, REFRESH;

    public static final String REQUEST_KEY = "$id";
    public static final String REPLY_KEY = "$re";
    public static final String ERROR_ROUTE = "@$error";
    public static final String WELCOME_ROUTE = "@$welcome";
    /** An acknowledgement of resume (PROTOCOL.md section 11). */
    public static final String ACK_ROUTE = "@$ack";
    /** A refresh of the connection's credentials, a request (PROTOCOL.md section 12). */
    public static final String REFRESH_ROUTE = "@$refresh";

    /**
     * {@code utf8}, a message's canonical text, with {@code #key value} put first, right after the
     * route: the wire text of a request ({@code $id}) or a reply ({@code $re}). Canonical text
     * starts with the route, and the first space ends it. {@code key} and {@code value} are ASCII.
     */
    public static byte[] withFirstParam(byte[] utf8, String key, String value) {
        int routeEnd = routeEnd(utf8);
        int added = 3 + key.length() + value.length();
        byte[] out = new byte[utf8.length + added];
        System.arraycopy(utf8, 0, out, 0, routeEnd);
        int at = routeEnd;
        out[at++] = ' ';
        out[at++] = '#';
        at = ascii(key, out, at);
        out[at++] = ' ';
        ascii(value, out, at);
        System.arraycopy(utf8, routeEnd, out, routeEnd + added, utf8.length - routeEnd);
        return out;
    }

    /**
     * Where the route of {@code utf8}, a message's canonical text, ends: at the first space, which
     * no byte of a multi-byte UTF-8 character can be.
     */
    public static int routeEnd(byte[] utf8) {
        int end = 0;
        while (end < utf8.length && utf8[end] != ' ') end++;
        return end;
    }

    private static int ascii(String s, byte[] out, int at) {
        for (int i = 0; i < s.length(); i++) out[at++] = (byte) s.charAt(i);
        return at;
    }

    /** The form of the message with {@code route} and {@code params}. */
    public static Reserved of(String route, Params params) {
        if (route.equals(WELCOME_ROUTE)) return WELCOME;
        if (route.equals(ACK_ROUTE)) return ACK;
        if (params.isEmpty()) return MESSAGE;
        String first = params.keyAt(0);
        if (first.equals(REPLY_KEY)) return route.equals(ERROR_ROUTE) ? ERROR_REPLY : REPLY;
        if (first.equals(REQUEST_KEY) && Requests.isRequestId(params.valueAt(0))) return route.equals(REFRESH_ROUTE) ? REFRESH : REQUEST;
        return MESSAGE;
    }
}
