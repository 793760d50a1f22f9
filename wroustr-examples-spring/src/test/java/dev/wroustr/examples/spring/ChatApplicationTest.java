package dev.wroustr.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.server.Server;
import dev.wroustr.test.TestClient;
import dev.wroustr.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The example as it runs, on a free port: its routes from a client's side. */
@Timeout(30)
class ChatApplicationTest {
    private ConfigurableApplicationContext context;
    private TestServer server;

    @BeforeEach
    void start() {
        context = SpringApplication.run(ChatApplication.class, "--wroustr.port=0");
        server = TestServer.of(context.getBean(Server.class).running());
    }

    @AfterEach
    void stop() {
        server.close();
        context.close();
    }

    @Test
    void joinSayAndWho() {
        TestClient alice = server.client();
        TestClient bob = server.client();
        alice.send(Message.route("@SAY").param("text", "too soon"));
        alice.expect(Message.route("@ERROR").param("reason", "join first: @JOIN #name N"));
        alice.send(Message.route("@JOIN").param("name", "alice"));
        alice.expect(Message.route("@JOINED").param("name", "alice").param("uuid", alice.uuid()));
        bob.expect("@JOINED");
        alice.send(Message.route("@SAY").param("text", "hi bob"));
        bob.expect(Message.route("@SAID").param("name", "alice").param("text", "hi bob"));
        alice.expect("@SAID");
        assertThat(bob.request(Message.route("@WHO")).params().asMap()).containsEntry("count", "1").containsEntry("names", "alice");
    }

    @Test
    void dmRoomsAndTime() {
        TestClient alice = server.client();
        TestClient bob = server.client();
        alice.send(Message.route("@DM").param("to", bob.uuid()).param("text", "psst"));
        bob.expect(Message.route("@DM").param("from", alice.uuid()).param("text", "psst"));
        alice.expectNothing();

        assertThat(alice.request(Message.route("@ROOM-JOIN").param("room", "den")).params().get("members")).isEqualTo("1");
        bob.request(Message.route("@ROOM-JOIN").param("room", "den"));
        Message sent = alice.request(Message.route("@ROOM-SAY").param("room", "den").param("text", "in here"));
        assertThat(sent.params().get("count")).isEqualTo("1");
        bob.expect(Message.route("@ROOM-SAID").param("room", "den").param("from", alice.uuid()).param("text", "in here"));
        assertThat(alice.request(Message.route("@TIME")).params().getLong("now")).isPositive();
    }

    @Test
    void badInputIsReportedAndTheConnectionStays() {
        TestClient client = server.client();
        client.send("@JOIN");
        client.expect(Message.route("@INVALID").param("error", "bad-param").param("param", "name").param("reason", "missing"));
        client.send(Message.route("@JOIN").param("name", "x".repeat(40)));
        client.expect(Message.route("@INVALID").param("error", "bad-param").param("reason", "refused"));
        client.send("@JOIN #name 'unterminated");
        assertThat(client.expect("@INVALID").params().get("error")).isEqualTo("unterminated-quote");
        client.send("@NOBODY");
        client.expect(Message.route("@UNKNOWN").param("route", "@NOBODY"));
        assertThat(client.request(Message.route("@DM").param("to", "x")).params().get("error")).isEqualTo("bad-param");
        client.expect("@INVALID");
    }

    @Test
    void stoppingTheApplicationClosesClientsWith1001() {
        TestClient client = server.client();
        context.close();
        client.expectClosed(CloseCodes.GOING_AWAY);
    }
}
