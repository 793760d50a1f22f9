package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.CloseCodes;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.testing.RawWebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code wroustr demo --token-ttl}: credentials good for 1 s, a grace of 500 ms, and {@code wroustr connect --token}. */
@Timeout(30)
class DemoTokensTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private RunningServer running;
    private String url;

    @BeforeEach
    void start() {
        Server<DemoServer> server = DemoServer.create("127.0.0.1", 0, events::add);
        DemoTokens.enable(server, Duration.ofSeconds(1), events::add);
        running = server.expiryGrace(Duration.ofMillis(500)).start();
        url = running.uri().toString();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void aClientWithATokenRefreshesItAndStaysPastTheExpiry() {
        // Nothing answers @NEVER: the run ends at its timeout, the connection open all along.
        Run run = Run.of("connect", url, "--token", "t1", "--send", "@PING", "--expect", "@PONG", "--expect", "@NEVER", "--timeout", "3000ms");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("timed out").doesNotContain("closed");
        assertThat(events).anyMatch(line -> line.startsWith("refreshed "));
    }

    @Test
    void aClientWithoutATokenIsClosedWith3005AfterTheGrace() {
        Run run = Run.of("connect", url, "--send", "@PING", "--expect", "@PONG", "--expect", "@NEVER", "--timeout", "10s");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("the connection closed (code 3005, 'credentials expired')");
        assertThat(events).noneMatch(line -> line.startsWith("refreshed "));
    }

    @Test
    void theRevokedTokenIsRefused() throws Exception {
        try (RawWebSocket client = RawWebSocket.connectWith(running.uri(), null, "wroustr.v1")) {
            assertThat(client.readFrame().text()).contains("#ttl ");
            client.sendText("@$refresh #$id 1 #token " + DemoTokens.REVOKED);
            assertThat(client.readFrame().text()).isEqualTo("@$error #$re 1 #error refused");
            assertThat(client.readClose().closeCode()).isEqualTo(CloseCodes.CREDENTIALS_REFUSED);
        }
    }
}
