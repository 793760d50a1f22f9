package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.testing.Bystander;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An application's answers to plain HTTP, beside WebSocket connections on the same port and path. */
@Timeout(20)
class HttpHandlerTest {
    private RunningServer running;
    private Bystander bystander;

    @BeforeEach
    void start() throws Exception {
        var server = new Server<String>("127.0.0.1:0", "state says hi")
                .http((request, state) -> switch (request.path()) {
                    case "/" -> HttpResponse.ok("text/html; charset=utf-8", "<p>" + state + " to " + request.query("who") + "</p>");
                    case "/teapot" -> new HttpResponse(418, "text/plain", new byte[0]);
                    case "/broken" -> throw new IllegalStateException("a bug");
                    default -> null;
                });
        Bystander.echoRoute(server);
        running = server.start();
        bystander = Bystander.connect(running.uri());
    }

    @AfterEach
    void stop() {
        bystander.close();
        running.close();
    }

    private java.net.http.HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port() + path)).build(),
                BodyHandlers.ofString());
    }

    @Test
    void aPlainGetOnTheWebSocketPathGetsTheHandlersPageAndUpgradesStillWork() throws Exception {
        var page = get("/?who=bob");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).isEqualTo("<p>state says hi to bob</p>");
        bystander.assertCarriesOn();
        try (Bystander another = Bystander.connect(running.uri())) {
            another.assertCarriesOn();
        }
    }

    @Test
    void theHandlersStatusIsSentAndNullLeavesTheServersOwnAnswer() throws Exception {
        assertThat(get("/teapot").statusCode()).isEqualTo(418);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
        var failed = get("/broken");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).doesNotContain("a bug");
        bystander.assertCarriesOn();
    }
}
