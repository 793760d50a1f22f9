package dev.wroustr.spring;

import static dev.wroustr.spring.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.server.Server;
import dev.wroustr.spring.ChatApp.Welcome;
import dev.wroustr.test.TestClient;
import dev.wroustr.test.TestServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/** A real Spring Boot application on a random port, talked to over real sockets. */
@Timeout(30)
class StarterTest {
    private ConfigurableApplicationContext context;
    private TestServer server;

    @BeforeEach
    void boot() {
        context = new SpringApplicationBuilder(ChatApp.class)
                .properties("wroustr.host=127.0.0.1", "wroustr.port=0", "wroustr.path=/chat", "wroustr.max-message-bytes=200",
                        "wroustr.rate-limit.routes.[@SAY].messages=3", "wroustr.rate-limit.routes.[@SAY].period=1h")
                .run();
        server = TestServer.of(context.getBean(Server.class).running());
    }

    @AfterEach
    void close() {
        server.close();
        context.close();
    }

    @Test
    void connectorTalksToAnnotatedHandlersOnTheConfiguredPortAndPath() throws Exception {
        int port = context.getEnvironment().getRequiredProperty("local.wroustr.port", Integer.class);
        assertThat(port).isPositive().isEqualTo(server.uri().getPort());
        assertThat(server.uri().getPath()).isEqualTo("/chat");
        try (var connector = new Connector<Void>("ws://127.0.0.1:" + port + "/chat", null).reconnect(Reconnect.never())) {
            connector.connect().get(5, TimeUnit.SECONDS);
            Message welcome = connector.request(Message.route("@LOGIN").param("user", "bob").param("age", 30), Duration.ofSeconds(5))
                    .get(5, TimeUnit.SECONDS);
            assertThat(welcome.params().as(Welcome.class)).isEqualTo(new Welcome("bob", "lobby", 1));
            welcome = connector.request(Message.route("@LOGIN").param("user", "ann").param("age", 20).param("room", "den"),
                    Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
            assertThat(welcome.params().as(Welcome.class)).isEqualTo(new Welcome("ann", "den", 2));   // the state bean
        }
    }

    @Test
    void everyParameterKindIsBound() {
        TestClient client = server.client();
        Message reply = client.request(Message.route("@TYPES").param("n", 41).param("big", 9_000_000_000L).param("ok", true)
                .param("mood", "HAPPY").param("id", "123e4567-e89b-12d3-a456-426614174000"));
        assertThat(reply.toText()).isEqualTo("@TYPES #n 42 #big 9000000001 #ok false #mood HAPPY"
                + " #id 123e4567-e89b-12d3-a456-426614174000 #note none #count 6");   // five params and uuid
        client.send("@SAY #text 'hi all'");
        assertThat(client.expect("@SAID").params().get("text")).isEqualTo("hi all");
    }

    @Test
    void paramsThatDoNotBindReachInvalidAndRequestsGetBadParam() {
        TestClient client = server.client();
        client.send("@LOGIN #user bob #age 9");
        client.expect(Message.route("@INVALID").param("error", "bad-param").param("param", "age").param("reason", "refused"));
        client.send("@TYPES #n x #big 1 #ok true #mood HAPPY #id 123e4567-e89b-12d3-a456-426614174000");
        client.expect(Message.route("@INVALID").param("error", "bad-param").param("param", "n").param("reason", "malformed"));
        client.send("@SAY");
        client.expect(Message.route("@INVALID").param("error", "bad-param").param("param", "text").param("reason", "missing"));
        client.send("@TYPES #n 1 #big 1 #ok true #mood SAD #id 123e4567-e89b-12d3-a456-426614174000");
        client.expect(Message.route("@INVALID").param("error", "bad-param").param("param", "mood").param("reason", "malformed"));

        assertThat(client.request(Message.route("@LOGIN").param("user", "bob")).toText()).isEqualTo("@$error #error bad-param");
        client.expect("@INVALID");
        assertThat(client.request(Message.route("@FAIL")).toText()).isEqualTo("@$error #error handler-failed");
        client.expectNothing();
    }

    @Test
    void customizerRegistersLayersAndRoutes() {
        TestClient client = server.client();
        assertThat(client.request(Message.route("@ADMIN").param("user", "root")).route()).isEqualTo("@ADMIN-OK");
        assertThat(client.request(Message.route("@ADMIN").param("user", "bob")).toText()).isEqualTo("@$error #error cancelled");
    }

    @Test
    void propertiesTakeEffect() {
        TestClient client = server.client();
        for (int i = 0; i < 3; i++) client.send(Message.route("@SAY").param("text", "hi")).expect("@SAID");
        client.send(Message.route("@SAY").param("text", "hi"));   // past wroustr.rate-limit.routes.[@SAY]
        client.expectNothing();
        client.send("@SAY #text " + "x".repeat(300));            // past wroustr.max-message-bytes
        client.expectClosed(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void healthAndMetersMove() {
        HealthIndicator health = context.getBean("wroustrHealthIndicator", HealthIndicator.class);
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        Health before = health.health();
        assertThat(before.getStatus()).isEqualTo(Status.UP);
        assertThat(before.getDetails()).containsEntry("listening", true).containsEntry("connections", 0);
        double logins = registry.counter("wroustr.messages.in", "route", "@LOGIN").count();

        TestClient client = server.client();
        client.request(Message.route("@LOGIN").param("user", "bob").param("age", 30));
        assertThat(health.health().getDetails()).containsEntry("connections", 1);
        // Counted once the handler has returned, which is after its reply went out.
        eventually("@LOGIN counted", () -> registry.counter("wroustr.messages.in", "route", "@LOGIN").count() == logins + 1);
        assertThat(registry.get("wroustr.connections.open").gauge().value()).isEqualTo(1);

        context.close();
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void closingTheContextClosesClientsWith1001() {
        TestClient one = server.client();
        TestClient two = server.client();
        context.close();
        one.expectClosed(CloseCodes.GOING_AWAY);
        two.expectClosed(CloseCodes.GOING_AWAY);
        assertThat(server.running().isClosed()).isTrue();
    }


    @Test
    void aThreadThatIsNoDaemonKeepsTheJvmUpWhileTheServerRuns() {
        assertThat(awaitThreads()).isPositive();
        context.close();
        eventually("the await thread ended", () -> awaitThreads() == 0);
    }

    private static long awaitThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(dev.wroustr.spring.internal.ServerLifecycle.AWAIT_THREAD) && !t.isDaemon() && t.isAlive())
                .count();
    }

    @Test
    void disabledStartsNoServer() {
        try (var off = new SpringApplicationBuilder(ChatApp.class).properties("wroustr.enabled=false").run()) {
            assertThat(off.getBeansOfType(Server.class)).isEmpty();
        }
    }

    @Test
    void aRouteMethodThatCannotBeServedStopsTheContextNamingIt() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ChatApp.class, BrokenRoutes.class)
                .properties(Map.of("wroustr.port", "0", "wroustr.host", "127.0.0.1")).run())
                .rootCause().hasMessageContaining("@Route method " + BrokenRoutes.class.getName() + ".broken")
                .hasMessageContaining("java.lang.StringBuilder");
    }

    @RouteHandlers
    static class BrokenRoutes {
        @Route("@BROKEN")
        void broken(StringBuilder what) {}
    }
}
