package dev.wroustr.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Compares a browser's {@code Origin} with the {@code Host} a request was sent to. */
final class Origins {
    private Origins() {}

    /** Whether {@code origin} ({@code scheme://host[:port]}) names {@code host} ({@code host[:port]}), default ports filled in. */
    static boolean sameHost(String origin, String host) {
        if (host == null || host.isEmpty()) return false;
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false; // "null" from a sandboxed page is a URI; garbage is not, and is refused
        }
        if (uri.getScheme() == null || uri.getHost() == null) return false;
        int defaultPort = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
        int originPort = uri.getPort() != -1 ? uri.getPort() : defaultPort;
        // The Host header: host, [v6], host:port or [v6]:port.
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > host.lastIndexOf(']');
        String hostName = hasPort ? host.substring(0, colon) : host;
        int hostPort;
        try {
            hostPort = hasPort ? Integer.parseInt(host.substring(colon + 1)) : defaultPort;
        } catch (NumberFormatException e) {
            return false;
        }
        return originPort == hostPort && uri.getHost().equalsIgnoreCase(hostName);
    }
}
