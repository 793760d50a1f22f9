package dev.wroustr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Params;
import dev.wroustr.server.Server;
import dev.wroustr.testing.Recorder;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every failed attempt says why (CONNECT-FAILED), whether another follows or not: a connector that cannot connect is never silent. */
@Timeout(20)
class ConnectFailedTest {
    @Test
    void aServerThatIsNotThereIsReportedOnEveryAttemptWithTheNextDelay() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Recorder<Params> failures = new Recorder<>();
        try (var connector = new Connector<Void>("ws://127.0.0.1:" + port, null)
                .reconnect(Reconnect.backoff(Duration.ofMillis(50), Duration.ofMillis(100)))
                .route("CONNECT-FAILED", (params, dispatcher, state) -> failures.add(params))) {
            var connected = connector.connect();
            Params first = failures.take();
            Params second = failures.take();
            assertThat(first.get("error")).isEqualTo("connection refused");
            assertThat(first.get("attempt")).isEqualTo("1");
            assertThat(second.get("attempt")).isEqualTo("2");
            assertThat(Long.parseLong(first.require("retryIn"))).isBetween(50L, 100L);
            assertThat(connected).isNotDone();
        }
    }

    @Test
    void aWrongPathSaysTheServersHttpStatusAtOnceAndAFinalAttemptHasNoRetry() throws Exception {
        Recorder<Params> failures = new Recorder<>();
        try (var running = new Server<Void>("127.0.0.1:0", null).start();
             var connector = new Connector<Void>(running.uri().resolve("/no/such/path").toString(), null)
                     .reconnect(Reconnect.never())
                     .route("CONNECT-FAILED", (params, dispatcher, state) -> failures.add(params))) {
            assertThatThrownBy(() -> connector.connect().get()).isInstanceOf(ExecutionException.class);
            Params failure = failures.take();
            assertThat(failure.get("error")).isEqualTo("the server answered HTTP 404 Not Found instead of upgrading");
            assertThat(failure.get("attempt")).isEqualTo("1");
            assertThat(failure.get("retryIn")).isNull();
        }
    }
}
