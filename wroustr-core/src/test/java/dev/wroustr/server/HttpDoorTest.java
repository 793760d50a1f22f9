package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Params;
import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP before the upgrade: 426, 404, 400, 503 and the handshake timeout; an open connection carries on. */
@Timeout(20)
class HttpDoorTest {
    private final Recorder<Params> disconnected = new Recorder<>();
    private RunningServer running;
    private Bystander bystander;

    @BeforeEach
    void start() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null)
                .path("/ws")
                .maxConnections(2)
                .handshakeTimeout(Duration.ofMillis(300));
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params));
        Bystander.echoRoute(server);
        running = server.start();
        bystander = Bystander.connect(running.uri());
    }

    @AfterEach
    void stop() {
        bystander.close();
        running.close();
    }

    private URI http(String path) {
        return URI.create("http://127.0.0.1:" + running.port() + path);
    }

    private int rawStatus(String request) throws Exception {
        try (RawWebSocket raw = RawWebSocket.open(running.uri())) {
            raw.writeRaw(request);
            return raw.readStatus();
        }
    }

    @Test
    void plainGetOnTheWebSocketPathGets426() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(http("/ws")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(response.headers().firstValue("upgrade")).hasValue("websocket");
        bystander.assertCarriesOn();
    }

    @Test
    void otherPathGets404() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(http("/elsewhere")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(rawStatus(RawWebSocket.upgradeRequest(http("/elsewhere")))).isEqualTo(404);
        bystander.assertCarriesOn();
    }

    @Test
    void malformedRequestGets400() throws Exception {
        assertThat(rawStatus("GET /ws HTTP/1.1\r\nHost: x\r\nthis is no header\r\n\r\n")).isEqualTo(400);
        bystander.assertCarriesOn();
    }

    @Test
    void upgradeMissingItsKeyGets400() throws Exception {
        assertThat(rawStatus("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n")).isEqualTo(400);
        bystander.assertCarriesOn();
    }

    @Test
    void handshakePastMaxConnectionsGets503AndASlotFreesOnClose() throws Exception {
        try (TestClient second = TestClient.connect(running.uri())) {
            assertThat(rawStatus(RawWebSocket.upgradeRequest(running.uri()))).isEqualTo(503);
            second.send("@ECHO #v second");
            second.assertText("@ECHO #v second");
        }
        // The slot is given back as the channel closes, before DISCONNECTED runs.
        disconnected.take();
        assertThat(rawStatus(RawWebSocket.upgradeRequest(running.uri()))).isEqualTo(101);
        bystander.assertCarriesOn();
    }

    @Test
    void silentConnectionIsCutAfterTheHandshakeTimeout() throws Exception {
        try (RawWebSocket raw = RawWebSocket.open(running.uri())) {
            assertThat(raw.awaitEndOfStream()).isTrue();
        }
        bystander.assertCarriesOn();
    }

    @Test
    void connectionThatSendsHalfARequestIsCutAfterTheHandshakeTimeout() throws Exception {
        try (RawWebSocket raw = RawWebSocket.open(running.uri())) {
            raw.writeRaw("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n");
            assertThat(raw.awaitEndOfStream()).isTrue();
        }
        bystander.assertCarriesOn();
    }
}
