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
        // The Host header: host, [v6], host:port or [v6]:port.
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > host.lastIndexOf(']');
        int hostNameEnd = hasPort ? colon : host.length();
        int fast = plainSameHost(origin, host, hostNameEnd, hasPort);
        if (fast >= 0) return fast == 1;
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false; // "null" from a sandboxed page is a URI; garbage is not, and is refused
        }
        if (uri.getScheme() == null || uri.getHost() == null) return false;
        int defaultPort = defaultPort(uri.getScheme().toLowerCase(Locale.ROOT));
        int originPort = uri.getPort() != -1 ? uri.getPort() : defaultPort;
        Integer hostPort = hostPort(host, colon, hasPort, defaultPort);
        return hostPort != null && originPort == hostPort
                && uri.getHost().length() == hostNameEnd && uri.getHost().regionMatches(true, 0, host, 0, hostNameEnd);
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    /** The Host header's port, or the scheme's default without one; null if it is not a number. */
    private static Integer hostPort(String host, int colon, boolean hasPort, int defaultPort) {
        try {
            return hasPort ? Integer.parseInt(host, colon + 1, host.length(), 10) : defaultPort;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The answer for the usual origin, {@code scheme://name[:port]} with a name of letters, digits,
     * dots and hyphens that {@link URI} reads as a host, read in place: this runs for every
     * handshake a browser makes. 1 or 0 for yes or no; -1 for any other form, which
     * {@link URI} reads.
     */
    private static int plainSameHost(String origin, String host, int hostNameEnd, boolean hasPort) {
        int schemeEnd = origin.indexOf("://");
        if (schemeEnd <= 0 || !scheme(origin, schemeEnd)) return -1;
        int nameStart = schemeEnd + 3;
        int nameEnd = nameStart;
        while (nameEnd < origin.length() && origin.charAt(nameEnd) != ':') nameEnd++;
        if (!hostName(origin, nameStart, nameEnd)) return -1;
        int originPort = -1;
        if (nameEnd < origin.length()) {
            int digits = origin.length() - nameEnd - 1;
            if (digits < 1 || digits > 5) return -1;
            originPort = 0;
            for (int i = nameEnd + 1; i < origin.length(); i++) {
                char c = origin.charAt(i);
                if (c < '0' || c > '9') return -1;
                originPort = originPort * 10 + (c - '0');
            }
        }
        int defaultPort = defaultPort(origin.regionMatches(true, 0, "https", 0, schemeEnd) && schemeEnd == 5 ? "https"
                : origin.regionMatches(true, 0, "http", 0, schemeEnd) && schemeEnd == 4 ? "http"
                : origin.regionMatches(true, 0, "wss", 0, schemeEnd) && schemeEnd == 3 ? "wss"
                : origin.regionMatches(true, 0, "ws", 0, schemeEnd) && schemeEnd == 2 ? "ws" : "");
        if (originPort == -1) originPort = defaultPort;
        Integer hostPort = hostPort(host, hostNameEnd, hasPort, defaultPort);
        boolean same = hostPort != null && originPort == hostPort && nameEnd - nameStart == hostNameEnd
                && origin.regionMatches(true, nameStart, host, 0, hostNameEnd);
        return same ? 1 : 0;
    }

    /** RFC 2396's scheme: a letter, then letters, digits, '+', '-' and '.'. */
    private static boolean scheme(String s, int end) {
        if (!letter(s.charAt(0))) return false;
        for (int i = 1; i < end; i++) {
            char c = s.charAt(i);
            if (!letter(c) && !digit(c) && c != '+' && c != '-' && c != '.') return false;
        }
        return true;
    }

    /**
     * Whether {@code s[start, end)} is a host name as {@link URI} reads one: dot-separated labels
     * of letters, digits and inner hyphens, the last starting with a letter, a final dot allowed;
     * or four decimal numbers to 255 (an IPv4 address).
     */
    private static boolean hostName(String s, int start, int end) {
        if (start == end) return false;
        if (ipv4(s, start, end)) return true;
        int labelStart = start;
        int lastLabel = start;
        for (int i = start; i <= end; i++) {
            if (i < end && s.charAt(i) != '.') {
                char c = s.charAt(i);
                if (!letter(c) && !digit(c) && c != '-') return false;
                continue;
            }
            if (i == labelStart) {
                if (i == end && i > start) break; // "a." yes, "a..b" no
                return false;
            }
            if (s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') return false;
            lastLabel = labelStart;
            labelStart = i + 1;
        }
        return letter(s.charAt(lastLabel));
    }

    private static boolean ipv4(String s, int start, int end) {
        int parts = 0;
        int i = start;
        while (i < end) {
            int value = 0;
            int digits = 0;
            while (i < end && digit(s.charAt(i))) {
                value = value * 10 + (s.charAt(i++) - '0');
                if (++digits > 3) return false;
            }
            if (digits == 0 || value > 255) return false;
            parts++;
            if (i < end) {
                if (s.charAt(i) != '.' || parts == 4) return false;
                i++;
                if (i == end) return false;
            }
        }
        return parts == 4;
    }

    private static boolean letter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
