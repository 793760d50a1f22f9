package dev.wroustr.server;

import java.util.Set;

/**
 * Decides, before the upgrade, whether a connection may open. Runs on a handler thread, so it
 * may block (a token lookup). A rejected request gets the HTTP status chosen and no WebSocket
 * opens: no {@code CONNECTED}, no uuid. Checks run in the order added; the first rejection
 * wins. One that throws rejects with 500 and is logged.
 *
 * <p>When every check of a server says it never blocks ({@link #nonBlocking}, and the origin
 * checks below), they run on the network thread instead: a handshake then costs no hand-off to
 * a handler thread and back, which is most of what a cheap check costs.
 */
@FunctionalInterface
public interface HandshakeCheck<S> {
    HandshakeResult check(HandshakeRequest request, S state) throws Exception;

    /** Whether this check may block (the default): then the checks run on a handler thread. */
    default boolean blocks() {
        return true;
    }

    /**
     * {@code check}, marked as one that never blocks: it only reads the request (headers, the
     * address, the query) and memory. Never wrap a check that waits on I/O or a lock: it would
     * hold up every connection of its network thread.
     */
    static <S> HandshakeCheck<S> nonBlocking(HandshakeCheck<S> check) {
        return new HandshakeCheck<>() {
            @Override
            public HandshakeResult check(HandshakeRequest request, S state) throws Exception {
                return check.check(request, state);
            }

            @Override
            public boolean blocks() {
                return false;
            }
        };
    }

    /**
     * Accepts only requests whose {@code Origin} header is one of {@code origins} (exact, e.g.
     * {@code https://app.example.com}); others get 403. Requests with no {@code Origin} come
     * from non-browser clients and are accepted: an origin check protects browsers' users only.
     */
    static <S> HandshakeCheck<S> allowOrigins(String... origins) {
        Set<String> allowed = Set.of(origins);
        return nonBlocking((request, state) -> {
            String origin = request.header("Origin");
            return origin == null || allowed.contains(origin) ? HandshakeResult.accept() : HandshakeResult.reject(403);
        });
    }

    /**
     * Accepts requests with no {@code Origin} (non-browser clients), those whose {@code Origin}
     * names the host and port the request was sent to (its {@code Host} header: a page served
     * by this server), and those whose {@code Origin} is one of {@code alsoAllowed} (exact);
     * others get 403. This keeps other sites from opening a connection in a visitor's browser
     * with the visitor's cookies (cross-site WebSocket hijacking). Behind a proxy that rewrites
     * {@code Host}, list the public origin in {@code alsoAllowed}.
     */
    static <S> HandshakeCheck<S> sameOrigin(String... alsoAllowed) {
        Set<String> allowed = Set.of(alsoAllowed);
        return nonBlocking((request, state) -> {
            String origin = request.header("Origin");
            boolean ok = origin == null || allowed.contains(origin) || Origins.sameHost(origin, request.header("Host"));
            return ok ? HandshakeResult.accept() : HandshakeResult.reject(403);
        });
    }
}
