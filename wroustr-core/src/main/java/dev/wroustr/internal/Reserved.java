package dev.wroustr.internal;

import dev.wroustr.Params;

/**
 * What the protocol's reserved forms make of a message (PROTOCOL.md sections 9 and 10). Only
 * the first param marks a request or a reply, and {@code $id} only when it can be an id.
 */
public enum Reserved {
    MESSAGE, REQUEST, REPLY, ERROR_REPLY, WELCOME;

    public static final String REQUEST_KEY = "$id";
    public static final String REPLY_KEY = "$re";
    public static final String ERROR_ROUTE = "@$error";
    public static final String WELCOME_ROUTE = "@$welcome";

    /** The form of the message with {@code route} and {@code params}. */
    public static Reserved of(String route, Params params) {
        if (route.equals(WELCOME_ROUTE)) return WELCOME;
        if (params.isEmpty()) return MESSAGE;
        String first = params.keyAt(0);
        if (first.equals(REPLY_KEY)) return route.equals(ERROR_ROUTE) ? ERROR_REPLY : REPLY;
        if (first.equals(REQUEST_KEY) && Requests.isRequestId(params.valueAt(0))) return REQUEST;
        return MESSAGE;
    }
}
