package dev.wroustr.server;

/**
 * Answers plain HTTP requests, those that ask for no WebSocket upgrade: a page that hosts a
 * browser client, a health check, a metrics scrape. Set with {@link Server#http}; one per
 * server, dispatching on {@link HandshakeRequest#path()} as it likes.
 *
 * <p>It sees {@code GET} and {@code HEAD} requests on any path. It runs off the network
 * threads and may block. Returning {@code null} leaves the request to the server's own answer:
 * 404 off the WebSocket path, 426 (upgrade required) on it. A handler that throws answers 500,
 * and the exception is logged, never sent.
 *
 * @param <S> the application state
 */
@FunctionalInterface
public interface HttpHandler<S> {
    /** The response to {@code request}, or {@code null} for the server's own. */
    HttpResponse handle(HandshakeRequest request, S state) throws Exception;
}
