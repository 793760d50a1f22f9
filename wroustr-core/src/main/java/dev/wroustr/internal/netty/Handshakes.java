package dev.wroustr.internal.netty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.net.URI;
import java.util.Base64;
import java.util.Map;

/** The rules of the RFC 6455 handshake the server holds a request to, and URL helpers of the client's. */
final class Handshakes {
    /** The subprotocol of PROTOCOL.md version 1: a server that selects it welcomes the client with its uuid. */
    static final String SUBPROTOCOL = "wroustr.v1";

    /** The one version of RFC 6455, which a 426 names. */
    static final String VERSION = "13";

    private Handshakes() {}

    /**
     * Why an upgrade request breaks RFC 6455 section 4.2.1, as the status to answer: 400 for
     * HTTP other than 1.1 (the upgrade is HTTP/1.1's) or a {@code Sec-WebSocket-Key} that is not
     * the base64 of 16 bytes, 426 for a {@code Sec-WebSocket-Version} other than 13 (Netty would
     * upgrade the drafts' 7 and 8 too); null if it keeps them.
     */
    static HttpResponseStatus refusal(HttpRequest request) {
        if (!HttpVersion.HTTP_1_1.equals(request.protocolVersion())) return HttpResponseStatus.BAD_REQUEST;
        if (!VERSION.equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) return HttpResponseStatus.UPGRADE_REQUIRED;
        String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (key == null || key.trim().length() != 24) return HttpResponseStatus.BAD_REQUEST;
        try {
            if (Base64.getDecoder().decode(key.trim()).length != 16) return HttpResponseStatus.BAD_REQUEST;
        } catch (IllegalArgumentException e) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        return null;
    }

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
