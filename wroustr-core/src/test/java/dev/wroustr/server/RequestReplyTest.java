package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Dispatcher;
import dev.wroustr.Layer;
import dev.wroustr.Message;
import dev.wroustr.RequestException;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests and replies (PROTOCOL.md section 9) both ways, over real sockets. */
@Timeout(20)
class RequestReplyTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private final Recorder<Dispatcher> held = new Recorder<>();
    private final Recorder<String> events = new Recorder<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private RunningServer running;

    @BeforeEach
    void start() {
        var server = new Server<Void>("127.0.0.1:0", null).maxPendingRequests(3);
        server.route("@TIME", (params, dispatcher, state) -> dispatcher.reply(Message.route("@TIME").param("now", 1733400000000L)));
        server.route("@HOLD", (params, dispatcher, state) -> held.add(dispatcher));
        server.route("@NEVER", (params, dispatcher, state) -> {});
        server.route("@HANG-UP", (params, dispatcher, state) -> dispatcher.close());
        server.route("@FAIL", (params, dispatcher, state) -> {
            throw new IllegalStateException("secret detail");
        });
        server.route("@GUARDED", (params, dispatcher, state) -> dispatcher.reply(Message.route("@OPEN")));
        server.layer(Layer.named("GUARD").allow("@GUARDED"), Layer.check((params, dispatcher, state) -> false));
        server.route("@TWICE", (params, dispatcher, state) -> {
            events.add("first " + dispatcher.reply(Message.route("@ONE")));
            events.add("second " + dispatcher.reply(Message.route("@TWO")));
        });
        // A handler that blocks on its own request to the client: the reply must overtake the queue.
        server.route("@ASK-ME", (params, dispatcher, state) -> {
            Message name = dispatcher.request(Message.route("@NAME?"), Duration.ofSeconds(5)).get();
            dispatcher.send(Message.route("@HELLO").param("name", name.params().require("name")));
        });
        server.route("@ASK-BROKEN", (params, dispatcher, state) -> {
            try {
                dispatcher.request(Message.route("@BROKEN"), Duration.ofSeconds(5)).get();
            } catch (ExecutionException e) {
                dispatcher.send(Message.route("@FAILED").param("kind", ((RequestException) e.getCause()).kind()));
            }
        });
        server.route("@ASK-LATER", (params, dispatcher, state) -> {
            dispatcher.request(Message.route("@LATER"), LONG).whenComplete((reply, failure) ->
                    events.add(failure == null ? "answered " + reply.params().get("n") : "failed " + failure.getMessage()));
            held.add(dispatcher);
        });
        running = server.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) c.close();
        running.close();
    }

    private Connector<Void> connector(Connector<Void> connector) throws Exception {
        closing.add(connector);
        connector.reconnect(Reconnect.never()).connect().get(5, TimeUnit.SECONDS);
        return connector;
    }

    private Connector<Void> connector() throws Exception {
        return connector(new Connector<>(running.uri().toString(), null));
    }

    private static RequestException failure(CompletableFuture<Message> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RequestException.class);
            return (RequestException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the request succeeded");
    }

    @Test
    void aRequestCompletesWithTheHandlersReplyWithoutTheReservedParam() throws Exception {
        Message reply = connector().request(Message.route("@TIME"), Duration.ofSeconds(5)).get();
        assertThat(reply).isEqualTo(Message.route("@TIME").param("now", 1733400000000L));
    }

    @Test
    void theWireTextOfARequestAReplyAndAnErrorReply() throws Exception {
        try (TestClient raw = TestClient.connect(running.uri())) {
            raw.send("@TIME #$id 42");
            raw.assertText("@TIME #$re 42 #now 1733400000000");
            raw.send("@FAIL #$id 43");
            raw.assertText("@$error #$re 43 #error handler-failed");
            raw.send("@NOBODY #$id 44");
            raw.assertText("@$error #$re 44 #error unknown-route");
            raw.send("@GUARDED #$id 45");
            raw.assertText("@$error #$re 45 #error cancelled");
            // Not a request: the same handler's reply is an ordinary message.
            raw.send("@TIME");
            raw.assertText("@TIME #now 1733400000000");
            raw.send("@TWICE #$id 46");
            raw.assertText("@ONE #$re 46");
            raw.assertExhausted();
        }
        assertThat(events.take(2, 5)).containsExactly("first true", "second false");
    }

    @Test
    void errorRepliesFailTheRequestWithTheirKindAndNoExceptionText() throws Exception {
        Connector<Void> client = connector();
        RequestException failed = failure(client.request(Message.route("@FAIL"), LONG));
        assertThat(failed.kind()).isEqualTo(RequestException.HANDLER_FAILED);
        assertThat(failed.route()).isEqualTo("@FAIL");
        assertThat(failed.getMessage()).contains("@FAIL").doesNotContain("secret");
        assertThat(failure(client.request(Message.route("@NOBODY"), LONG)).kind()).isEqualTo(RequestException.UNKNOWN_ROUTE);
        assertThat(failure(client.request(Message.route("@GUARDED"), LONG)).kind()).isEqualTo(RequestException.CANCELLED);
    }

    @Test
    void repliesOutOfOrderCompleteTheirOwnRequests() throws Exception {
        Connector<Void> client = connector();
        List<CompletableFuture<Message>> futures = new ArrayList<>();
        for (int n = 0; n < 3; n++) futures.add(client.request(Message.route("@HOLD").param("n", n), LONG));
        List<Dispatcher> handlers = held.take(3, 5);
        for (int n = 2; n >= 0; n--) handlers.get(n).reply(Message.route("@DONE").param("n", n));
        for (int n = 0; n < 3; n++) assertThat(futures.get(n).get(5, TimeUnit.SECONDS).params().getInt("n")).isEqualTo(n);
    }

    @Test
    void aRequestWithNoReplyTimesOutNamingTheRouteAndTheTime() throws Exception {
        RequestException failed = failure(connector().request(Message.route("@NEVER"), Duration.ofMillis(200)));
        assertThat(failed.kind()).isEqualTo(RequestException.TIMEOUT);
        assertThat(failed.getMessage()).matches("request @NEVER timed out after \\d+ ms");
    }

    @Test
    void aDropWhilePendingFailsTheRequestAtOnce() throws Exception {
        Connector<Void> client = connector();
        CompletableFuture<Message> pending = client.request(Message.route("@NEVER"), LONG);
        client.send("@HANG-UP");
        // Well before the 30-s timeout: the class's 20-s limit would fail the test otherwise.
        assertThat(failure(pending).kind()).isEqualTo(RequestException.CLOSED);
        assertThat(failure(client.request(Message.route("@TIME"), LONG)).kind()).isEqualTo(RequestException.CLOSED);
    }

    @Test
    void pastTheBoundARequestFailsAtOnce() throws Exception {
        Connector<Void> client = connector(new Connector<Void>(running.uri().toString(), null).maxPendingRequests(2));
        CompletableFuture<Message> first = client.request(Message.route("@NEVER"), LONG);
        CompletableFuture<Message> second = client.request(Message.route("@NEVER"), LONG);
        RequestException third = failure(client.request(Message.route("@NEVER"), LONG));
        assertThat(third.kind()).isEqualTo(RequestException.TOO_MANY_PENDING);
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
    }

    @Test
    void aReplyToAnUnknownIdOrAnotherConnectionsIdIsIgnoredAndCounted() throws Exception {
        Recorder<Dispatcher> asked = new Recorder<>();
        Connector<Void> alice = connector(new Connector<Void>(running.uri().toString(), null)
                .route("@LATER", (params, dispatcher, state) -> asked.add(dispatcher)));
        alice.send("@ASK-LATER");
        held.take();                             // the server's handler made its request
        Dispatcher aliceAnswers = asked.take();  // alice's handler of it

        // Bob poses as alice and answers her request by its id, 1: the server's table of bob has none.
        try (TestClient bob = TestClient.connect(running.uri())) {
            bob.send("@LATER #$re 1 #n forged");
            bob.send("@LATER #$re 999 #n unknown");
            bob.send("@TIME #$id 7");
            bob.assertText("@TIME #$re 7 #now 1733400000000");
        }
        assertThat(running.ignoredReplies()).isEqualTo(2);
        events.assertExhausted(100);

        aliceAnswers.reply(Message.route("@LATER").param("n", "real"));
        assertThat(events.take()).isEqualTo("answered real");
    }

    @Test
    void aClientIgnoresAndCountsARepliesNoRequestWaitsFor() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("@SPOOF", (params, dispatcher, state) -> {
            dispatcher.send("@X #$re 5 #n spoofed");
            dispatcher.send("@$error #$re 6 #error cancelled");
            dispatcher.send("@DONE");
        });
        try (var spoofing = server.start();
             var client = new Connector<Void>(spoofing.uri().toString(), null)
                     .route("@DONE", (params, dispatcher, state) -> events.add("done"))
                     .route("UNKNOWN", (params, dispatcher, state) -> events.add("unknown " + params.get("route")))) {
            client.connect().get(5, TimeUnit.SECONDS);
            client.send("@SPOOF");
            assertThat(events.take()).isEqualTo("done");
            assertThat(client.ignoredReplies()).isEqualTo(2);
        }
    }

    @Test
    void aServerHandlerBlocksOnItsRequestToTheClientAndGetsTheReply() throws Exception {
        Recorder<String> hello = new Recorder<>();
        Connector<Void> client = connector(new Connector<Void>(running.uri().toString(), null)
                .route("@NAME?", (params, dispatcher, state) -> dispatcher.reply(Message.route("@NAME").param("name", "bob")))
                .route("@BROKEN", (params, dispatcher, state) -> {
                    throw new IllegalStateException("client bug");
                })
                .route("@HELLO", (params, dispatcher, state) -> hello.add(params.get("name")))
                .route("@FAILED", (params, dispatcher, state) -> hello.add("failed " + params.get("kind"))));
        client.send("@ASK-ME");
        assertThat(hello.take()).isEqualTo("bob");
        client.send("@ASK-BROKEN");
        assertThat(hello.take()).isEqualTo("failed handler-failed");
    }

    @Test
    void aServersRequestFailsWhenTheClientGoes() throws Exception {
        Connector<Void> client = connector(new Connector<Void>(running.uri().toString(), null)
                .route("@LATER", (params, dispatcher, state) -> {}));
        client.send("@ASK-LATER");
        held.take();
        client.close();
        assertThat(events.take()).startsWith("failed").contains("connection closed while request @LATER waited");
    }
}
