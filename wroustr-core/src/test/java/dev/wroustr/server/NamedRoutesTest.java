package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Params;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's named routes and their params, PROTOCOL.md section 4. */
@Timeout(10)
class NamedRoutesTest {
    private final Recorder<String> uuids = new Recorder<>();
    private final Recorder<Params> reports = new Recorder<>();

    private Server<Void> server() {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("CONNECTED", (params, dispatcher, state) -> uuids.add(params.get("uuid")));
        return server;
    }

    @Test
    void connectedGetsOnlyTheUuid() throws Exception {
        Recorder<Params> connected = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("CONNECTED", (params, dispatcher, state) -> connected.add(params));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            Params params = connected.take();
            assertThat(params.keys()).containsExactly("uuid");
        }
    }

    // Without the route, opening a connection gives the handler executor nothing to do: an idle
    // connection wakes no handler thread. The one message then takes exactly one hand-off.
    @Test
    void withoutAConnectedRouteOpeningAConnectionHandsNothingToTheExecutor() throws Exception {
        AtomicInteger handOffs = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool();
        Recorder<String> pings = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null)
                .executor(task -> {
                    handOffs.incrementAndGet();
                    threads.execute(task);
                })
                .route("@PING", (params, dispatcher, state) -> pings.add(params.get("uuid")));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@PING");
            assertThat(pings.take()).isNotEmpty();
            assertThat(handOffs.get()).isEqualTo(1);
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void unknownGetsTheMessageParamsThenRouteAndUuid() throws Exception {
        var server = server().route("UNKNOWN", (params, dispatcher, state) -> reports.add(params));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            String uuid = uuids.take();
            client.send("@NOBODY #user bob #note 'hi there'");
            Params params = reports.take();
            assertThat(params.keys()).containsExactly("user", "note", "route", "uuid");
            assertThat(params.get("note")).isEqualTo("hi there");
            assertThat(params.get("route")).isEqualTo("@NOBODY");
            assertThat(params.get("uuid")).isEqualTo(uuid);
        }
    }

    @Test
    void unknownKeepsTheLibrarysRouteAndUuidOverForgedOnes() throws Exception {
        var server = server().route("UNKNOWN", (params, dispatcher, state) -> reports.add(params));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            String uuid = uuids.take();
            client.send("@NOBODY #route @ADMIN #uuid forged");
            Params params = reports.take();
            assertThat(params.get("route")).isEqualTo("@NOBODY");
            assertThat(params.get("uuid")).isEqualTo(uuid);
        }
    }

    @Test
    void invalidGetsUuidErrorOffsetAndRaw() throws Exception {
        var server = server().route("INVALID", (params, dispatcher, state) -> reports.add(params));
        server.route("@ECHO", (params, dispatcher, state) -> dispatcher.send("@ECHO"));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            String uuid = uuids.take();
            client.send("@ECHO #v 'abc");
            Params params = reports.take();
            assertThat(params.keys()).containsExactly("uuid", "error", "offset", "raw");
            assertThat(params.get("uuid")).isEqualTo(uuid);
            assertThat(params.get("error")).isEqualTo("unterminated-quote");
            assertThat(params.getInt("offset")).isBetween(0, "@ECHO #v 'abc".length());
            assertThat(params.get("raw")).isEqualTo("@ECHO #v 'abc");
            client.send("@ECHO");
            client.assertText("@ECHO"); // the connection survived
        }
    }

    @Test
    void namedRouteSentByTheClientIsInvalidNotRaised() throws Exception {
        Recorder<String> connected = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("CONNECTED", (params, dispatcher, state) -> connected.add(params.get("uuid")));
        server.route("INVALID", (params, dispatcher, state) -> reports.add(params));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            connected.take();
            client.send("CONNECTED");
            assertThat(reports.take().get("error")).isEqualTo("not-a-route");
            connected.assertExhausted(100);
        }
    }

    @Test
    void handlerThatThrowsRaisesErrorWithUuidRouteAndMessageAndTheConnectionStaysOpen() throws Exception {
        var server = server().route("ERROR", (params, dispatcher, state) -> reports.add(params));
        server.route("@FAIL", (params, dispatcher, state) -> {
            throw new Exception("database is down");
        });
        server.route("@ECHO", (params, dispatcher, state) -> dispatcher.send("@ECHO"));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            String uuid = uuids.take();
            client.send("@FAIL");
            Params params = reports.take();
            assertThat(params.keys()).containsExactly("uuid", "route", "error");
            assertThat(params.get("uuid")).isEqualTo(uuid);
            assertThat(params.get("route")).isEqualTo("@FAIL");
            assertThat(params.get("error")).isEqualTo("database is down");
            client.send("@ECHO");
            client.assertText("@ECHO");
            client.assertExhausted(); // the exception text never went on the wire
        }
    }

    @Test
    void errorWithoutAMessageNamesTheExceptionClass() throws Exception {
        var server = server().route("ERROR", (params, dispatcher, state) -> reports.add(params));
        server.route("@FAIL", (params, dispatcher, state) -> {
            throw new NullPointerException();
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            uuids.take();
            client.send("@FAIL");
            assertThat(reports.take().get("error")).isEqualTo("java.lang.NullPointerException");
        }
    }

    @Test
    void errorRouteThatThrowsDoesNotLoopAndTheConnectionStaysOpen() throws Exception {
        var server = server();
        server.route("ERROR", (params, dispatcher, state) -> {
            reports.add(params);
            throw new IllegalStateException("the reporter failed too");
        });
        server.route("@FAIL", (params, dispatcher, state) -> {
            throw new IllegalStateException("first");
        });
        server.route("@ECHO", (params, dispatcher, state) -> dispatcher.send("@ECHO"));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            uuids.take();
            client.send("@FAIL");
            assertThat(reports.take().get("error")).isEqualTo("first");
            client.send("@ECHO");
            client.assertText("@ECHO");
            reports.assertExhausted(100);
        }
    }

    @Test
    void disconnectedGetsUuidCodeAndReason() throws Exception {
        var server = server().route("DISCONNECTED", (params, dispatcher, state) -> reports.add(params));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            String uuid = uuids.take();
            client.socket().sendClose(4001, "going home");
            Params params = reports.take();
            assertThat(params.keys()).containsExactly("uuid", "code", "reason");
            assertThat(params.get("uuid")).isEqualTo(uuid);
            assertThat(params.get("code")).isEqualTo("4001");
            assertThat(params.get("reason")).isEqualTo("going home");
        }
    }

    @Test
    void disconnectedRunsWhenTheServerClosesTheConnection() throws Exception {
        var server = server().route("DISCONNECTED", (params, dispatcher, state) -> reports.add(params));
        server.route("@BYE", (params, dispatcher, state) -> dispatcher.close(4002, "asked to"));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            uuids.take();
            client.send("@BYE");
            assertThat(client.assertClosed(4002)).isEqualTo("asked to");
            Params params = reports.take();
            assertThat(params.get("code")).isEqualTo("4002");
            assertThat(params.get("reason")).isEqualTo("asked to");
        }
    }

    @Test
    void disconnectedRunsWhenTheSocketDropsWithoutACloseFrame() throws Exception {
        var server = server().route("DISCONNECTED", (params, dispatcher, state) -> reports.add(params));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            uuids.take();
            client.socket().abort();
            assertThat(reports.take().get("code")).isEqualTo("1006");
        }
    }
}
