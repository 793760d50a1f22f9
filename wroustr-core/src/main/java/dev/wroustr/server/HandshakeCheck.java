package dev.wroustr.server;

import java.util.Set;

/**
 * Decides, before the upgrade, whether a connection may open. Runs on a handler thread, so it
 * may block (a token lookup). A rejected request gets the HTTP status chosen and no WebSocket
 * opens: no {@code CONNECTED}, no uuid. Checks run in the order added; the first rejection
 * wins. One that throws rejects with 500 and is logged.
 */
@FunctionalInterface
public interface HandshakeCheck<S> {
    HandshakeResult check(HandshakeRequest request, S state) throws Exception;

    /**
     * Accepts only requests whose {@code Origin} header is one of {@code origins} (exact, e.g.
     * {@code https://app.example.com}); others get 403. Requests with no {@code Origin} come
     * from non-browser clients and are accepted: an origin check protects browsers' users only.
     */
    static <S> HandshakeCheck<S> allowOrigins(String... origins) {
        Set<String> allowed = Set.of(origins);
        return (request, state) -> {
            String origin = request.header("Origin");
            return origin == null || allowed.contains(origin) ? HandshakeResult.accept() : HandshakeResult.reject(403);
        };
    }
}
