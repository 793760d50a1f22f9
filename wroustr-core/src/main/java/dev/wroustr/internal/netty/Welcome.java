package dev.wroustr.internal.netty;

import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.internal.Reserved;

/**
 * The server's welcome (PROTOCOL.md sections 10 and 11): the uuid, and where resume is on the
 * session's secret and window, and for a connection that asked to resume whether it did, what
 * the server had received, or why not; and where the credentials expire, how long they have
 * (section 12, {@code ttlMillis}, -1 if they do not expire). A null {@code Expiry}: none.
 */
record Welcome(String uuid, String session, long windowMillis, boolean resumed, long received, String why, long ttlMillis) {
    /**
     * The welcome of a new connection, in UTF-8: with its session's secret and window when it has
     * one ({@code secret} not null), and why an asked resume did not happen ({@code why}, or null).
     */
    static byte[] fresh(String uuid, String secret, long windowMillis, String why, Expiry expiry) {
        if (expiry == null && word(uuid) && (secret == null || word(secret)) && (why == null || word(why))) {
            return written(uuid, secret, windowMillis, why);
        }
        Message welcome = Message.route(Reserved.WELCOME_ROUTE).param("uuid", uuid);
        if (secret != null) {
            welcome = welcome.param("session", secret).param("window", windowMillis);
            if (why != null) welcome = welcome.param("resumed", false).param("why", why);
        }
        return (expiry == null ? welcome : expiry.withTtl(welcome)).toUtf8();
    }

    /**
     * {@link #fresh} without credentials that expire, written straight into its bytes: every
     * connection gets one, and the message built a param at a time copies its params at each
     * (some 500 bytes of garbage a handshake). The canonical text, as {@link Message#toUtf8()}
     * writes it, since every value is a {@link #word}.
     */
    private static byte[] written(String uuid, String secret, long windowMillis, String why) {
        String window = secret == null ? null : Long.toString(windowMillis);
        String[] parts = {Reserved.WELCOME_ROUTE, " #uuid ", uuid,
                secret == null ? null : " #session ", secret, secret == null ? null : " #window ", window,
                why == null || secret == null ? null : " #resumed false #why ", secret == null ? null : why};
        int length = 0;
        for (String part : parts) length += part == null ? 0 : part.length();
        byte[] out = new byte[length];
        int at = 0;
        for (String part : parts) {
            if (part == null) continue;
            for (int i = 0; i < part.length(); i++) out[at++] = (byte) part.charAt(i); // ASCII: a word
        }
        return out;
    }

    /** Whether {@code value} is written bare, as it is: letters, digits and {@code - _ . :} only (uuids, secrets, reasons). */
    private static boolean word(String value) {
        if (value.isEmpty()) return false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':')) return false;
        }
        return true;
    }

    /** The welcome of a resumed session, in UTF-8: its new secret, and how many of the client's messages the server had. */
    static byte[] resumed(String uuid, String secret, long windowMillis, long received, Expiry expiry) {
        Message welcome = Message.route(Reserved.WELCOME_ROUTE).param("uuid", uuid)
                .param("session", secret).param("window", windowMillis)
                .param("resumed", true).param("received", received);
        return (expiry == null ? welcome : expiry.withTtl(welcome)).toUtf8();
    }

    /** The welcome {@code text} is, or null if it is none. */
    static Welcome parse(String text) {
        try {
            Message message = Message.parse(text);
            if (Reserved.of(message.route(), message.params()) != Reserved.WELCOME) return null;
            Params params = message.params();
            return new Welcome(params.get("uuid"), params.get("session"), params.getLong("window", 0),
                    params.getBoolean("resumed", false), params.getLong("received", 0), params.get("why"),
                    params.getLong(Expiry.TTL, -1));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
