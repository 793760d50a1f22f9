package dev.wroustr.internal.netty;

import dev.wroustr.internal.resume.Resume;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/** What a connection that asks to resume presents in its upgrade request's query (PROTOCOL.md section 11). */
record ResumeRequest(String secret, long received) {
    /** Whether the client of {@code uri} can resume, and so is offered a session. */
    static boolean offered(String uri) {
        return new QueryStringDecoder(uri).parameters().containsKey(Resume.OFFER_QUERY);
    }

    /** The request of {@code uri}, or null if it asks for no resume (or asks in a form that cannot be one). */
    static ResumeRequest of(String uri) {
        Map<String, List<String>> query = new QueryStringDecoder(uri).parameters();
        List<String> secret = query.get(Resume.SESSION_QUERY);
        List<String> received = query.get(Resume.RECEIVED_QUERY);
        if (secret == null || secret.isEmpty() || received == null || received.isEmpty()) return null;
        try {
            long count = Long.parseLong(received.get(0));
            return count < 0 ? null : new ResumeRequest(secret.get(0), count);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
