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

    /** The peer's address (the proxy's, behind a proxy). */
    InetSocketAddress remoteAddress();
}
