package dev.wroustr.server;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The HTTP upgrade request of a connection that is not open yet, as a {@link HandshakeCheck}
 * sees it. Header names are case-insensitive.
 */
public interface HandshakeRequest {
    /** The request path without the query, e.g. {@code /chat}. */
    String path();

    /** The first value of query param {@code name}, or {@code null}. */
    String query(String name);

    /** All query params, in order, decoded. */
    Map<String, List<String>> queryParams();

    /** The first value of header {@code name}, or {@code null}. */
    String header(String name);

    /** Every value of header {@code name}; empty if absent. */
    List<String> headers(String name);

    /**
     * The client's address: the peer's, or, when the peer is one of the server's
     * {@link Server#trustProxies trusted proxies}, the client its {@code Forwarded} or
     * {@code X-Forwarded-For} header names (port 0 where the header gives none).
     */
    InetSocketAddress remoteAddress();
}
