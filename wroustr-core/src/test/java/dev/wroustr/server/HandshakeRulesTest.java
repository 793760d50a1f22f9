package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The upgrade request as RFC 6455 section 4.2.1 has it, over raw sockets: version 13 only, a
 * key of 16 bytes, HTTP/1.1; a request too big is answered (414, 431), not reset; a plain
 * request pipelined before an upgrade is answered first.
 */
@Timeout(20)
class HandshakeRulesTest {
    private final Recorder<Integer> rejected = new Recorder<>();
    private RunningServer running;
    private Bystander bystander;

    @BeforeEach
    void start() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null)
                .path("/ws")
                .http((request, state) -> request.path().equals("/page")
                        ? HttpResponse.ok("text/plain; charset=utf-8", "the page")
                        : null)
                .metrics(new ServerMetrics() {
                    @Override
                    public void handshakeRejected(int status) {
                        rejected.add(status);
                    }
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

    private String upgrade() {
        return RawWebSocket.upgradeRequest(running.uri());
    }

    /** The head of the server's answer to {@code request}, sent as it is. */
    private String answer(String request) throws Exception {
        try (RawWebSocket raw = RawWebSocket.open(running.uri())) {
            raw.writeRaw(request);
            return raw.readHead();
        }
    }

    private static int status(String head) {
        assertThat(head).as("an HTTP response").startsWith("HTTP/1.1 ");
        return Integer.parseInt(head.substring(9, 12));
    }

    @Test
    void versionOtherThan13Gets426NamingVersion13() throws Exception {
        for (String version : new String[] {"8", "7", "14", ""}) {
            String head = answer(upgrade().replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: " + version));
            assertThat(status(head)).as("version '%s'", version).isEqualTo(426);
            assertThat(head).containsIgnoringCase("Sec-WebSocket-Version: 13\r\n");
        }
        assertThat(status(answer(upgrade().replace("Sec-WebSocket-Version: 13\r\n", "")))).isEqualTo(426);
        assertThat(rejected.take()).isEqualTo(426);
        bystander.assertCarriesOn();
    }

    @Test
    void keyThatIsNotTheBase64OfSixteenBytesGets400() throws Exception {
        String[] keys = {
            "not base64 at all!!!!!!!",
            Base64.getEncoder().encodeToString(new byte[10]),
            Base64.getEncoder().encodeToString(new byte[17]),
            "",
        };
        for (String key : keys) {
            String request = upgrade().replaceFirst("Sec-WebSocket-Key: [^\r]*", "Sec-WebSocket-Key: " + key);
            assertThat(status(answer(request))).as("key '%s'", key).isEqualTo(400);
        }
        bystander.assertCarriesOn();
    }

    @Test
    void upgradeOverHttp10Gets400() throws Exception {
        assertThat(status(answer(upgrade().replace(" HTTP/1.1\r\n", " HTTP/1.0\r\n")))).isEqualTo(400);
        bystander.assertCarriesOn();
    }

    @Test
    void headerOf64KiBGets431NotAReset() throws Exception {
        String big = "X-Big: " + "a".repeat(64 * 1024) + "\r\n";
        assertThat(status(answer(upgrade().replace("Upgrade: websocket\r\n", "Upgrade: websocket\r\n" + big)))).isEqualTo(431);
        bystander.assertCarriesOn();
    }

    @Test
    void twoThousandHeadersGet431NotAReset() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) many.append("X-H").append(i).append(": v\r\n");
        assertThat(status(answer(upgrade().replace("Upgrade: websocket\r\n", "Upgrade: websocket\r\n" + many)))).isEqualTo(431);
        // Small enough in bytes, but more than 100 lines: 431 too.
        StringBuilder hundredOne = new StringBuilder();
        for (int i = 0; i <= 100; i++) hundredOne.append("X-").append(i).append(": v\r\n");
        assertThat(status(answer(upgrade().replace("Upgrade: websocket\r\n", "Upgrade: websocket\r\n" + hundredOne)))).isEqualTo(431);
        bystander.assertCarriesOn();
    }

    @Test
    void longTokenInTheQueryIsUpgradedAndAUriPastTheLimitGets414() throws Exception {
        String token = "t".repeat(6 * 1024);
        assertThat(status(answer(upgrade().replace("GET /ws ", "GET /ws?token=" + token + " ")))).isEqualTo(101);
        String tooLong = "t".repeat(9 * 1024);
        assertThat(status(answer(upgrade().replace("GET /ws ", "GET /ws?token=" + tooLong + " ")))).isEqualTo(414);
        String wayTooLong = "t".repeat(64 * 1024);
        assertThat(status(answer(upgrade().replace("GET /ws ", "GET /ws?token=" + wayTooLong + " ")))).isEqualTo(414);
        bystander.assertCarriesOn();
    }

    @Test
    void plainRequestPipelinedBeforeAnUpgradeIsAnsweredFirst() throws Exception {
        URI uri = running.uri();
        try (RawWebSocket raw = RawWebSocket.open(uri)) {
            raw.writeRaw("GET /page HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n\r\n" + upgrade());
            String page = raw.readHead();
            assertThat(status(page)).isEqualTo(200);
            assertThat(raw.readText("the page".getBytes(StandardCharsets.UTF_8).length)).isEqualTo("the page");
            assertThat(status(raw.readHead())).isEqualTo(101);
            raw.sendText("@ECHO #v upgraded");
            assertThat(raw.readFrame().text()).isEqualTo("@ECHO #v upgraded");
        }
        bystander.assertCarriesOn();
    }
}
