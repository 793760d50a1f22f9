package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rate limits per connection and route. The buckets hold a few messages an hour, so none refills
 * while a test runs and the counts are exact.
 */
@Timeout(20)
class RateLimitTest {
    private static final Duration HOUR = Duration.ofHours(1);

    private final Recorder<Params> disconnected = new Recorder<>();

    /** {@code @SAY}, {@code @ECHO} and {@code @OTHER} answer {@code @SAID}, {@code @ECHO}, {@code @OTHER} with the same {@code n}. */
    private Server<Void> server() {
        var server = new Server<Void>("127.0.0.1:0", null);
        for (String route : new String[] {"@SAY", "@OTHER"}) {
            server.route(route, (params, dispatcher, state) ->
                    dispatcher.send(Message.route(route.equals("@SAY") ? "@SAID" : route).param("n", params.require("n"))));
        }
        Bystander.echoRoute(server);
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params));
        return server;
    }

    private static Server<Void> reportLimited(Server<Void> server) {
        return server.route("LIMITED", (params, dispatcher, state) -> dispatcher.send(Message.route("@LIMITED")
                .param("n", params.require("n"))
                .param("route", params.require("route"))
                .param("own-uuid", params.require("uuid").equals(dispatcher.uuid()))));
    }

    @Test
    void floodFromOneClientIsLimitedWhileAnotherKeepsItsFullRate() throws Exception {
        var server = reportLimited(server()).rateLimit("@SAY", 5, HOUR);
        try (var running = server.start();
             var flooder = TestClient.connect(running.uri());
             var other = TestClient.connect(running.uri())) {
            for (int n = 1; n <= 8; n++) flooder.send("@SAY #n " + n);
            for (int n = 1; n <= 5; n++) flooder.assertText("@SAID #n " + n);
            for (int n = 6; n <= 8; n++) flooder.assertText("@LIMITED #n " + n + " #route @SAY #own-uuid true");
            for (int n = 1; n <= 5; n++) other.send("@SAY #n " + n);
            for (int n = 1; n <= 5; n++) other.assertText("@SAID #n " + n);
            other.assertExhausted();
            flooder.assertExhausted();
        }
    }

    @Test
    void closeActionClosesWith1008() throws Exception {
        var server = reportLimited(server()).rateLimit("@SAY", 2, HOUR).onRateLimit(RateLimitAction.CLOSE);
        try (var running = server.start();
             var bystander = Bystander.connect(running.uri());
             var client = TestClient.connect(running.uri())) {
            for (int n = 1; n <= 3; n++) client.send("@SAY #n " + n);
            client.assertText("@SAID #n 1");
            client.assertText("@SAID #n 2");
            assertThat(client.assertClosed(CloseCodes.POLICY_VIOLATION)).isEqualTo("rate limit exceeded");
            assertThat(disconnected.take().get("code")).isEqualTo("1008");
            bystander.assertCarriesOn();
        }
    }

    @Test
    void routeLimitIsItsOwnAndTheDefaultIsSharedByTheOtherRoutes() throws Exception {
        var server = reportLimited(server()).rateLimit("@SAY", 2, HOUR).rateLimit(3, HOUR);
        try (var running = server.start();
             var client = TestClient.connect(running.uri())) {
            for (int n = 1; n <= 3; n++) client.send("@SAY #n " + n);
            client.assertText("@SAID #n 1");
            client.assertText("@SAID #n 2");
            client.assertText("@LIMITED #n 3 #route @SAY #own-uuid true");
            // @ECHO and @OTHER share the default bucket of 3; @SAY took none of it.
            client.send("@ECHO #v 1").send("@OTHER #n 2").send("@ECHO #v 3").send("@OTHER #n 4");
            client.assertText("@ECHO #v 1");
            client.assertText("@OTHER #n 2");
            client.assertText("@ECHO #v 3");
            client.assertText("@LIMITED #n 4 #route @OTHER #own-uuid true");
            client.assertExhausted();
        }
    }

    @Test
    void limitedMessageWithoutLimitedRouteIsDroppedAndTheConnectionStaysOpen() throws Exception {
        var server = server().rateLimit("@SAY", 1, HOUR);
        try (var running = server.start();
             var client = TestClient.connect(running.uri())) {
            client.send("@SAY #n 1").send("@SAY #n 2").send("@ECHO #v after");
            client.assertText("@SAID #n 1");
            client.assertText("@ECHO #v after");
            client.assertExhausted();
        }
    }

    @Test
    void badSettingsFailAtOnceNamingTheValue() {
        var server = server();
        assertThatThrownBy(() -> server.rateLimit("SAY", 1, HOUR)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"SAY\"");
        assertThatThrownBy(() -> server.rateLimit("CONNECTED", 1, HOUR)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"CONNECTED\"");
        assertThatThrownBy(() -> server.rateLimit("@SAY", 0, HOUR)).isInstanceOf(IllegalArgumentException.class).hasMessage("messages < 1: 0");
        assertThatThrownBy(() -> server.rateLimit(-1, HOUR)).isInstanceOf(IllegalArgumentException.class).hasMessage("messages < 1: -1");
        assertThatThrownBy(() -> server.rateLimit("@SAY", 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> server.rateLimit(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> server.rateLimit(1_000_000, Duration.ofNanos(1000))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000000");
        assertThatThrownBy(() -> server.rateLimit(1, null)).isInstanceOf(NullPointerException.class).hasMessage("period");
        assertThatThrownBy(() -> server.onRateLimit(null)).isInstanceOf(NullPointerException.class).hasMessage("action");
        server.rateLimit("@SAY", 1, HOUR).rateLimit(1, HOUR);
        assertThatThrownBy(() -> server.rateLimit("@SAY", 2, HOUR)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"@SAY\"");
        assertThatThrownBy(() -> server.rateLimit(2, HOUR)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
}
