package dev.wroustr.internal.netty;

import io.netty.handler.codec.http.QueryStringEncoder;
import java.net.URI;
import java.util.Map;

/** URL helpers of the client's handshake. */
final class Handshakes {
    /** The subprotocol of PROTOCOL.md version 1: a server that selects it welcomes the client with its uuid. */
    static final String SUBPROTOCOL = "wroustr.v1";

    private Handshakes() {}

    /** {@code uri} with {@code query} appended to whatever query it has, encoded. */
    static URI withQuery(URI uri, Map<String, String> query) {
        if (query == null || query.isEmpty()) return uri;
        QueryStringEncoder encoder = new QueryStringEncoder("");
        query.forEach(encoder::addParam);
        String added = encoder.toString().substring(1); // drop the leading '?'
        String raw = uri.getRawQuery() == null || uri.getRawQuery().isEmpty() ? added : uri.getRawQuery() + "&" + added;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path + "?" + raw);
    }

    static int port(URI uri) {
        if (uri.getPort() != -1) return uri.getPort();
        return "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
