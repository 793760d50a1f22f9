package dev.wroustr.internal;

import dev.wroustr.Message;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one reply a request may get (PROTOCOL.md section 9): the handler's, or the library's error
 * reply when the handler cannot give one. Whichever comes first goes out; the rest are refused.
 */
public final class Reply {
    private final String id;
    private final Exchange<?> connection;
    private final AtomicBoolean sent = new AtomicBoolean();

    /** @param connection sends the reply's wire text, through its outgoing interceptors */
    public Reply(String id, Exchange<?> connection) {
        this.id = id;
        this.connection = connection;
    }

    /** Sends {@code message} as the reply. @return false if a reply went out already, or it was not queued */
    public boolean send(Message message) {
        if (!sent.compareAndSet(false, true)) return false;
        return connection.sendUtf8(Reserved.withFirstParam(message.toUtf8(), Reserved.REPLY_KEY, id));
    }

    /** Sends the error reply of {@code kind} ({@code handler-failed}, ...), unless a reply went out already. */
    public boolean error(String kind) {
        return send(Message.route(Reserved.ERROR_ROUTE).param("error", kind));
    }
}
