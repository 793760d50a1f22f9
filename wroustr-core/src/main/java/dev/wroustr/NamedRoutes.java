package dev.wroustr;

import java.util.Set;

/**
 * Routes the library raises itself; they never come from the wire (PROTOCOL.md section 4).
 * Register a handler for one with {@code route(NamedRoutes.CONNECTED, ...)} or its plain name.
 */
public final class NamedRoutes {
    /** A connection opened. Server params: {@code uuid}. Client: none. */
    public static final String CONNECTED = "CONNECTED";
    /** A connection closed, for any reason. Params: {@code code}, {@code reason} (and {@code uuid} on the server). */
    public static final String DISCONNECTED = "DISCONNECTED";
    /** A valid message named no registered route. Params: the message's, then {@code route} (and {@code uuid}). */
    public static final String UNKNOWN = "UNKNOWN";
    /** A text was not valid. Params: {@code error} (the kind), {@code offset}, {@code raw} (and {@code uuid}). */
    public static final String INVALID = "INVALID";
    /** A handler, layer or interceptor threw. Params: {@code route}, {@code error} (the exception's message) (and {@code uuid}). */
    public static final String ERROR = "ERROR";

    /**
     * Server only: a message went past its rate limit and its handler did not run. Params: the
     * message's, then {@code route} and {@code uuid}. See {@code Server.rateLimit}.
     */
    public static final String LIMITED = "LIMITED";

    /**
     * A dropped connection resumed its session (PROTOCOL.md section 11; {@code Server.resume},
     * {@code Connector.resume}): what was missed is on its way, and no {@code DISCONNECTED} nor
     * {@code CONNECTED} ran. Server params: {@code uuid}. Client: {@code uuid}.
     */
    public static final String RESUMED = "RESUMED";

    /**
     * Client only: an attempt to connect ended without a connection (the server is down, the URL
     * or path is wrong, the upgrade was refused, a timeout). Params: {@code error} (why, in one
     * line: {@code the server answered HTTP 404 Not Found instead of upgrading}), {@code attempt}
     * (failed attempts in a row) and, when another attempt follows, {@code retryIn} (milliseconds).
     * Without this route the connector logs each failure at WARN, at most once a minute.
     */
    public static final String CONNECT_FAILED = "CONNECT-FAILED";

    /** All of them. */
    public static final Set<String> ALL = Set.of(CONNECTED, DISCONNECTED, UNKNOWN, INVALID, ERROR, LIMITED, RESUMED, CONNECT_FAILED);

    private NamedRoutes() {}

    /** Whether {@code route} is one of the named routes. */
    public static boolean isNamed(String route) {
        return ALL.contains(route);
    }
}
