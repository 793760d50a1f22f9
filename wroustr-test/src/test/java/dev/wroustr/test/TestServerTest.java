package dev.wroustr.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.server.Server;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;

/** The kit against a real server: what each assertion passes on, and how it fails. */
@Timeout(20)
class TestServerTest {
    record Say(String text) {}

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(null, (Server<Void> s) -> s
                .route("@PING", (params, dispatcher, state) -> dispatcher.send("@PONG"))
                .route("@SAY", Say.class, (say, dispatcher, state) ->
                        dispatcher.broadcast(Message.route("@SAID").param("from", dispatcher.uuid()).param("text", say.text())))
                .route("@TIME", (params, dispatcher, state) -> dispatcher.reply(Message.route("@TIME").param("now", 42)))
                .route("@BYE", (params, dispatcher, state) -> dispatcher.close())
                .route("@WHO", (params, dispatcher, state) -> dispatcher.send(Message.route("@YOU").param("uuid", dispatcher.uuid()))))
                .timeout(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void expectReturnsTheMessageOnItsRoute() {
        TestClient client = server.client();
        client.send("@PING");
        assertThat(client.expect("@PONG").params().isEmpty()).isTrue();
        client.expectNothing();
    }

    @Test
    void clientKnowsItsUuidFromTheWelcome() {
        TestClient client = server.client();
        client.send("@WHO");
        assertThat(client.expect("@YOU").params().get("uuid")).isEqualTo(client.uuid()).isNotNull();
    }

    @Test
    void severalClientsEachRecordWhatTheyGet() {
        List<TestClient> clients = server.clients(3);
        clients.get(0).send(Message.route("@SAY").param("text", "hi all"));
        for (TestClient client : clients) {
            client.expect(Message.route("@SAID").param("from", clients.get(0).uuid()).param("text", "hi all"));
        }
        assertThat(server.running().connectionCount()).isEqualTo(3);
    }

    @Test
    void requestReturnsTheReplyAndErrorRepliesAsMessages() {
        TestClient client = server.client();
        assertThat(client.request(Message.route("@TIME")).params().getLong("now")).isEqualTo(42);
        Message error = client.request(Message.route("@SAY"));
        assertThat(error.route()).isEqualTo("@$error");
        assertThat(error.params().get("error")).isEqualTo("bad-param");
        assertThat(client.request(Message.route("@NOBODY")).params().get("error")).isEqualTo("unknown-route");
        client.expectNothing();   // replies never reach the record
    }

    @Test
    void expectClosedReturnsTheReason() {
        TestClient client = server.client();
        client.send("@BYE");
        assertThat(client.expectClosed(CloseCodes.NORMAL)).isEmpty();
    }

    @Test
    void expectFailsNamingWhatArrivedInstead() {
        TestClient client = server.client();
        client.send("@PING");
        assertThatThrownBy(() -> client.expect("@OTHER")).isInstanceOf(AssertionFailedError.class)
                .hasMessage("expected a message on @OTHER but got @PONG");
        assertThatThrownBy(() -> client.expect("@PONG")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("nothing arrived; before: [@PONG]");
        client.send("@PING");
        assertThatThrownBy(client::expectNothing).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("but got @PONG");
        client.send("@BYE");
        assertThatThrownBy(() -> client.expectClosed(CloseCodes.GOING_AWAY)).isInstanceOf(AssertionFailedError.class)
                .hasMessage("expected close 1001 but got close 1000");
    }

    @Test
    void closingTheServerClosesItsClientsWith1001() {
        TestServer other = TestServer.start(new Server<Void>("127.0.0.1:0", null));
        TestClient client = other.client(Map.of("X-Test", "1"));
        other.running().close();
        client.expectClosed(CloseCodes.GOING_AWAY);
        other.close();
    }

    @Test
    void ofWrapsAServerStartedElsewhereAndLeavesItRunning() {
        try (TestServer wrapped = TestServer.of(server.running())) {
            wrapped.client().send("@PING").expect("@PONG");
        }
        assertThat(server.running().isClosed()).isFalse();
        server.client().send("@PING").expect("@PONG");
    }
}
