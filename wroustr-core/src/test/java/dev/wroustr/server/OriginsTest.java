package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OriginsTest {
    private static final String[] SCHEMES = {"http", "HTTPS", "ws", "wss", "Ws", "ftp", "h+t", "1x", ""};
    private static final String[] NAMES = {"a", "A", "localhost", "127.0.0.1", "01.2.3.4", "1.2.3.256", "1.2.3", "a.b.", "a..b", "1.", "x.1.", ".", ".a",
        "-a", "a-", "a-b.c1", "1a", "x.1", "[::1]", "[::1", "a_b", "u@a", "", "a/b", "a.b.c.d.e", "0.0.0.0", "1.2.3.4.5"};
    private static final String[] PORTS = {"", "", ":", ":80", ":443", ":8080", ":0080", ":123456", ":8x", ":+80", ":99999"};

    @Test
    void readsTheUsualOriginInPlaceAsUriReadsIt() {
        Random random = new Random(21);
        for (int n = 0; n < 100_000; n++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            String origin = SCHEMES[random.nextInt(SCHEMES.length)] + (random.nextInt(10) == 0 ? ":/" : "://")
                    + name + PORTS[random.nextInt(PORTS.length)] + (random.nextInt(10) == 0 ? "/" : "");
            String hostName = random.nextBoolean() ? name : NAMES[random.nextInt(NAMES.length)];
            String host = (random.nextBoolean() ? hostName.toUpperCase(Locale.ROOT) : hostName) + PORTS[random.nextInt(PORTS.length)];
            assertThat(Origins.sameHost(origin, host)).as("%s at %s", origin, host).isEqualTo(byUri(origin, host));
        }
    }

    @Test
    void fillsInTheDefaultPorts() {
        assertThat(Origins.sameHost("https://example.com", "example.com:443")).isTrue();
        assertThat(Origins.sameHost("http://Example.com:80", "example.COM")).isTrue();
        assertThat(Origins.sameHost("http://example.com", "example.com:443")).isFalse();
        assertThat(Origins.sameHost("http://127.0.0.1:9000", "127.0.0.1:9000")).isTrue();
        assertThat(Origins.sameHost("http://[::1]:9000", "[::1]:9000")).isTrue();
    }

    /** The comparison as it was, all through {@link URI}: what the fast reading must agree with. */
    private static boolean byUri(String origin, String host) {
        if (host == null || host.isEmpty()) return false;
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) return false;
        int defaultPort = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
        int originPort = uri.getPort() != -1 ? uri.getPort() : defaultPort;
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
