package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Message;
import dev.wroustr.ParamException;
import dev.wroustr.Params;
import dev.wroustr.RequestException;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Typed routes over real sockets: what binds reaches the handler, what does not raises INVALID. */
@Timeout(20)
class TypedRouteTest {
    record Login(String user, int age, Optional<String> room, UUID uuid) {
        Login {
            if (age < 13) throw new ParamException("age", "age must be at least 13");
        }
    }

    record Welcome(String user, int age, String room) {}

    private final Recorder<Object> handled = new Recorder<>();
    private final Recorder<Params> invalid = new Recorder<>();
    private RunningServer running;

    @BeforeEach
    void start() {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("@LOGIN", Login.class, (login, dispatcher, state) -> {
            handled.add(login);
            dispatcher.reply(Message.of("@WELCOME", new Welcome(login.user(), login.age(), login.room().orElse("lobby"))));
        });
        // A plain handler binding by itself gets the same treatment.
        server.route("@PLAIN", (params, dispatcher, state) -> handled.add(params.as(Welcome.class)));
        server.route("INVALID", (params, dispatcher, state) -> invalid.add(params));
        server.route("@SHORT-WELCOME", (params, dispatcher, state) -> dispatcher.send("@WELCOME #user eve #age old"));
        running = server.start();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void boundRecordReachesTheHandlerWithTheConnectionsUuid() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@LOGIN #user bob #age 30");
            Login login = (Login) handled.take();
            assertThat(login.user()).isEqualTo("bob");
            assertThat(login.age()).isEqualTo(30);
            assertThat(login.room()).isEmpty();
            assertThat(login.uuid()).isNotNull();
            client.assertText("@WELCOME #user bob #age 30 #room lobby");
        }
    }

    @Test
    void missingMalformedAndRefusedParamsRaiseInvalidAndNeverReachTheHandler() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@LOGIN #user bob");
            assertThat(invalid.take().asMap()).containsEntry("error", "bad-param").containsEntry("route", "@LOGIN")
                    .containsEntry("param", "age").containsEntry("reason", "missing")
                    .containsEntry("detail", "missing param \"age\"").containsKey("uuid");
            client.send("@LOGIN #user bob #age old");
            assertThat(invalid.take().asMap()).containsEntry("param", "age").containsEntry("reason", "malformed")
                    .containsEntry("detail", "param \"age\" is not an int");
            client.send("@LOGIN #user bob #age 9");
            assertThat(invalid.take().asMap()).containsEntry("param", "age").containsEntry("reason", "refused")
                    .containsEntry("detail", "Login refused its params: age must be at least 13");
            client.send("@PLAIN #user bob #age 30");
            assertThat(invalid.take().asMap()).containsEntry("route", "@PLAIN").containsEntry("param", "room")
                    .containsEntry("reason", "missing");
            client.send("@LOGIN #user ann #age 20");
            assertThat(((Login) handled.take()).user()).isEqualTo("ann");   // the connection stays open
            handled.assertExhausted();
            client.assertText("@WELCOME #user ann #age 20 #room lobby");
        }
    }

    @Test
    void requestThatDoesNotBindGetsBadParamErrorReply() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@LOGIN #$id 7 #user bob #age x");
            client.assertText("@$error #$re 7 #error bad-param");
            assertThat(invalid.take().get("reason")).isEqualTo("malformed");
        }
        try (var connector = new Connector<Void>(running.uri().toString(), null).reconnect(Reconnect.never())) {
            connector.connect().get(5, TimeUnit.SECONDS);
            var reply = connector.request(Message.route("@LOGIN").param("user", "bob").param("age", 3), Duration.ofSeconds(5));
            assertThatThrownBy(reply::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(RequestException.class,
                            e -> assertThat(e.kind()).isEqualTo(RequestException.BAD_PARAM));
            Message welcome = connector.request(Message.route("@LOGIN").param("user", "bob").param("age", 30).param("room", "den"),
                    Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
            assertThat(welcome.params().as(Welcome.class)).isEqualTo(new Welcome("bob", 30, "den"));
        }
    }

    @Test
    void clientTypedRouteBindsServerMessages() throws Exception {
        Recorder<Welcome> welcomes = new Recorder<>();
        Recorder<String> clientInvalid = new Recorder<>();
        try (var connector = new Connector<Void>(running.uri().toString(), null).reconnect(Reconnect.never())) {
            connector.route("@WELCOME", Welcome.class, (welcome, dispatcher, state) -> welcomes.add(welcome))
                    .route("INVALID", (params, dispatcher, state) -> clientInvalid.add(params.get("error") + " " + params.get("param")));
            connector.connect().get(5, TimeUnit.SECONDS);
            connector.send(Message.route("@LOGIN").param("user", "eve").param("age", 40).param("room", "den"));
            assertThat(welcomes.take()).isEqualTo(new Welcome("eve", 40, "den"));
            connector.send(Message.route("@SHORT-WELCOME"));
            assertThat(clientInvalid.take()).isEqualTo("bad-param age");
            welcomes.assertExhausted(100);
        }
    }

    @Test
    void typedRouteOfARecordThatCannotBindFailsAtRegistration() {
        record Bad(List<String> names) {}
        var server = new Server<Void>("127.0.0.1:0", null);
        assertThatThrownBy(() -> server.route("@BAD", Bad.class, (bad, dispatcher, state) -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("component names");
    }

    @Test
    void typedRouteWithoutInvalidRouteDropsTheMessageAndKeepsTheConnection() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("@LOGIN", Login.class, (login, dispatcher, state) -> dispatcher.send("@OK"));
        try (var other = server.start(); TestClient client = TestClient.connect(other.uri())) {
            client.send("@LOGIN #user bob");
            client.send("@LOGIN #user bob #age 20");
            client.assertText("@OK");
        }
    }
}
