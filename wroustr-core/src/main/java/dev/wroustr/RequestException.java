package dev.wroustr;

/**
 * Why a request ({@link Dispatcher#request}) got no reply: its {@link #kind()} says which case,
 * and the message names the route, and for a timeout the time waited.
 */
public final class RequestException extends WroustrException {
    /** The timeout passed before the reply came. */
    public static final String TIMEOUT = "timeout";
    /** The connection was not open, or closed before the reply came. */
    public static final String CLOSED = "closed";
    /** Too many requests of this connection were waiting for replies. */
    public static final String TOO_MANY_PENDING = "too-many-pending";
    /** The request could not be queued: the outbound buffer was full or an interceptor cancelled it. */
    public static final String NOT_SENT = "not-sent";
    /** The peer's handler (or a layer) threw: the peer's error reply. */
    public static final String HANDLER_FAILED = "handler-failed";
    /** The peer has no route of that name: the peer's error reply. */
    public static final String UNKNOWN_ROUTE = "unknown-route";
    /** The request went past a rate limit of the peer: the peer's error reply. */
    public static final String LIMITED = "limited";
    /** A layer of the peer cancelled the request: the peer's error reply. */
    public static final String CANCELLED = "cancelled";
    /** The request's params did not bind to the record of the peer's handler: the peer's error reply. */
    public static final String BAD_PARAM = "bad-param";
    /** The server refused the token of a refresh (PROTOCOL.md section 12): the peer's error reply, and a close follows. */
    public static final String REFUSED = "refused";

    private final String route;
    private final String kind;

    public RequestException(String route, String kind, String message) {
        super(message);
        this.route = route;
        this.kind = kind;
    }

    /** The route of the request. */
    public String route() {
        return route;
    }

    /**
     * One of the constants of this class; for an error reply, the peer's {@code error} param,
     * which a newer peer may give a kind not listed here.
     */
    public String kind() {
        return kind;
    }
}
