package dev.wroustr.server;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What an {@link HttpHandler} answers: a status, a content type and a body, sent whole with
 * {@code Content-Length} and then the connection closed.
 *
 * @param status the HTTP status, 200..599
 * @param contentType the {@code Content-Type}, e.g. {@code text/html; charset=utf-8}
 * @param body the body's bytes (not copied: do not change them afterwards)
 */
public record HttpResponse(int status, String contentType, byte[] body) {
    public HttpResponse {
        if (status < 200 || status > 599) throw new IllegalArgumentException("HTTP status must be 200..599: " + status);
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    /** A 200 with {@code body}. */
    public static HttpResponse ok(String contentType, byte[] body) {
        return new HttpResponse(200, contentType, body);
    }

    /** A 200 with {@code text} in UTF-8; {@code contentType} gets its charset, e.g. {@code text/plain; charset=utf-8}. */
    public static HttpResponse ok(String contentType, String text) {
        return new HttpResponse(200, contentType, text.getBytes(StandardCharsets.UTF_8));
    }
}
