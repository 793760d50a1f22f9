package dev.wroustr.internal.netty;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** Why an attempt to connect failed, in one line a user can act on: the deepest cause, without Netty's wrapping. */
public final class AttemptFailures {
    private AttemptFailures() {}

    /** The most useful one-line description of {@code e}: its deepest message, or its type. */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        if (t instanceof UnknownHostException) return "unknown host " + t.getMessage();
        // The server answered the upgrade with an HTTP error: its status says why (a wrong path, a refused check).
        if (t instanceof WebSocketClientHandshakeException handshake && handshake.response() != null) {
            return "the server answered HTTP " + handshake.response().status() + " instead of upgrading";
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) return t.getClass().getSimpleName();
        // Netty's native transport says "finishConnect(..) failed with error(-111): Connection refused".
        message = message.replaceFirst("^.*failed with error\\(-?\\d+\\): ", "");
        // Connect errors end with the address, which the user gave and the line already names.
        int colon = message.indexOf(": ");
        if (t instanceof ConnectException && colon > 0) message = message.substring(0, colon);
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0)) && Character.isLowerCase(message.charAt(1))) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return message;
    }
}
