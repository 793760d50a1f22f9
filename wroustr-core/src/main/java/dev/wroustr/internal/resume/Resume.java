package dev.wroustr.internal.resume;

/** The wire names of resume (PROTOCOL.md section 11). */
public final class Resume {
    /** An acknowledgement: {@code @$ack #received N}. Neither counted nor handed to routes. */
    public static final String ACK_ROUTE = dev.wroustr.internal.Reserved.ACK_ROUTE;
    /** The query parameter of a client that can resume: only such a client is offered a session. */
    public static final String OFFER_QUERY = "wroustr-resume";
    /** The query parameters of a connection that asks to resume. */
    public static final String SESSION_QUERY = "wroustr-session";
    public static final String RECEIVED_QUERY = "wroustr-received";

    /** Why a session did not resume, as the welcome's {@code why} says. */
    public static final String UNKNOWN = "unknown";
    public static final String OVERRUN = "overrun";
    public static final String REFUSED = "refused";
    /** On the client only: its window ran out before it could connect again. */
    public static final String EXPIRED = "expired";
    /** The session's credentials had expired (PROTOCOL.md section 12): it cannot resume, whatever the new ones. */
    public static final String CREDENTIALS_EXPIRED = "credentials-expired";

    private Resume() {}

    /** Whether {@code text} is an acknowledgement. */
    public static boolean isAck(String text) {
        return text.startsWith(ACK_ROUTE) && (text.length() == ACK_ROUTE.length() || text.charAt(ACK_ROUTE.length()) == ' ');
    }

    /** The count of an acknowledgement's text, or -1 if it holds none. */
    public static long ackedCount(String text) {
        String prefix = ACK_ROUTE + " #received ";
        if (!text.startsWith(prefix)) return -1;
        try {
            return Long.parseLong(text.substring(prefix.length()).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static String ack(long received) {
        return ACK_ROUTE + " #received " + received;
    }
}
