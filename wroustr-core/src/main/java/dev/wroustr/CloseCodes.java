package dev.wroustr;

/** The WebSocket close codes wroustr uses (RFC 6455 section 7.4.1). */
public final class CloseCodes {
    /** The connection did its job: a {@code close()} by either side. */
    public static final int NORMAL = 1000;
    /** The server is shutting down, or a peer stopped answering pings. */
    public static final int GOING_AWAY = 1001;
    /** A frame that breaks RFC 6455 (a reserved bit set, say). */
    public static final int PROTOCOL_ERROR = 1002;
    /** A binary message: version 1 of the protocol is text only. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never sent: reported in {@code DISCONNECTED} when the peer's close frame carried no code. */
    public static final int NO_STATUS = 1005;
    /** Never sent: reported in {@code DISCONNECTED} when the connection dropped without a close frame. */
    public static final int ABNORMAL = 1006;
    /** A text message that is not valid UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;
    /** A limit the peer broke that has no code of its own, such as a full outbound buffer. */
    public static final int POLICY_VIOLATION = 1008;
    /** A message over the receiver's size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The receiver failed in a way that is not the peer's fault. */
    public static final int INTERNAL_ERROR = 1011;

    /**
     * The server refused the credentials of an in-band refresh (PROTOCOL.md section 12), reason
     * {@code "credentials refused"}. In the range of codes for libraries (3000 is "Unauthorized"
     * in IANA's registry). A {@code Connector} asks its token supplier again before reconnecting.
     */
    public static final int CREDENTIALS_REFUSED = 3000;
    /**
     * The connection's credentials expired and no refresh came within the server's grace
     * (PROTOCOL.md section 12), reason {@code "credentials expired"}. The code Centrifugo uses
     * for the same close. A {@code Connector} asks its token supplier again before reconnecting.
     */
    public static final int CREDENTIALS_EXPIRED = 3005;

    private CloseCodes() {}
}
