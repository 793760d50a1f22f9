package dev.wroustr.cli;

import dev.wroustr.server.HandshakeRequest;
import dev.wroustr.server.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo's chat page over plain HTTP: {@code /} is {@code index.html}, other paths name files
 * of the page and of the JavaScript client ({@code /src/...}), all packaged into the jar from
 * {@code wroustr-js}. Anything else is left to the server (404).
 */
final class DemoPage {
    private static final String ROOT = "/dev/wroustr/cli/web";
    // Plain names only, so no path can climb out of the page's folder.
    private static final Pattern FILE = Pattern.compile("(/src)?/[A-Za-z0-9_-]+\\.(html|js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private DemoPage() {}

    static HttpResponse serve(HandshakeRequest request, Object state) throws IOException {
        String path = request.path().equals("/") ? "/index.html" : request.path();
        if (!FILE.matcher(path).matches()) return null;
        try (InputStream in = DemoPage.class.getResourceAsStream(ROOT + path)) {
            if (in == null) return null;
            String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
            return HttpResponse.ok(type, in.readAllBytes());
        }
    }
}
