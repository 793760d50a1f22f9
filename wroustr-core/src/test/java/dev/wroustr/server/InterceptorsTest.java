package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Interceptor;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server interceptors of raw text, incoming and outgoing (PROTOCOL.md section 6). */
@Timeout(10)
class InterceptorsTest {
    private final Recorder<String> events = new Recorder<>();

    @Test
    void incomingInterceptorsRunInTheOrderAddedBeforeParsing() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.interceptIncoming((text, uuid, state) -> {
            events.add("A " + text);
            return Interceptor.pass(text + "A");
        });
        server.interceptIncoming((text, uuid, state) -> {
            events.add("B " + text);
            return Interceptor.pass(text + "B");
        });
        server.route("@T", (params, dispatcher, state) -> events.add("@T " + params.get("v")));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@T #v x");
            assertThat(events.take(3, 5)).containsExactly("A @T #v x", "B @T #v xA", "@T xAB");
        }
    }

    @Test
    void incomingInterceptorMayTurnAnyTextIntoAMessage() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        // Not wroustr text at all: the interceptor is what makes it parse.
        server.interceptIncoming((text, uuid, state) -> Interceptor.pass(new StringBuilder(text).reverse().toString()));
        server.route("@HELLO", (params, dispatcher, state) -> dispatcher.send("@HI"));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("OLLEH@");
            client.assertText("@HI");
        }
    }

    @Test
    void outgoingInterceptorsRunInTheOrderAddedOnEverySend() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.interceptOutgoing((text, uuid, state) -> {
            events.add("A " + text);
            return Interceptor.pass(text + "A");
        });
        server.interceptOutgoing((text, uuid, state) -> {
            events.add("B " + text);
            return Interceptor.pass(text + "B");
        });
        server.route("@R", (params, dispatcher, state) -> dispatcher.send(Message.route("@R").param("v", "x")));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@R");
            client.assertText("@R #v xAB");
            assertThat(events.take(2, 5)).containsExactly("A @R #v x", "B @R #v xA");
        }
    }

    @Test
    void outgoingInterceptorsSeeSendToAndBroadcast() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.interceptOutgoing((text, uuid, state) -> Interceptor.pass(text + " #to " + uuid));
        Recorder<String> uuids = new Recorder<>();
        server.route("CONNECTED", (params, dispatcher, state) -> uuids.add(params.get("uuid")));
        server.route("@SELF", (params, dispatcher, state) -> dispatcher.sendTo(dispatcher.uuid(), Message.route("@TO")));
        server.route("@ALL", (params, dispatcher, state) -> dispatcher.broadcast(Message.route("@ALL")));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            String uuid = uuids.take();
            client.send("@SELF");
            client.assertText("@TO #to " + uuid);
            client.send("@ALL");
            client.assertText("@ALL #to " + uuid);
        }
    }

    @Test
    void incomingCancelDropsThatMessageOnlyAndTheConnectionStaysOpen() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.interceptIncoming((text, uuid, state) -> text.contains("drop") ? Interceptor.cancel() : Interceptor.pass(text));
        server.interceptIncoming((text, uuid, state) -> {
            events.add("second " + text);
            return Interceptor.pass(text);
        });
        server.route("@M", (params, dispatcher, state) -> {
            events.add("@M " + params.get("n"));
            dispatcher.send(Message.route("@M-DONE").param("n", params.get("n")));
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@M #n drop");
            client.send("@M #n 2");
            client.assertText("@M-DONE #n 2");
            // The cancel stopped the chain too: the second interceptor never saw the dropped text.
            assertThat(events.take(2, 5)).containsExactly("second @M #n 2", "@M 2");
            client.assertExhausted();
        }
    }

    @Test
    void outgoingCancelDropsThatMessageOnlyAndSendReturnsFalse() throws Exception {
        Recorder<Boolean> sent = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.interceptOutgoing((text, uuid, state) -> text.startsWith("@SECRET") ? Interceptor.cancel() : Interceptor.pass(text));
        server.route("@GO", (params, dispatcher, state) -> {
            sent.add(dispatcher.send("@SECRET"));
            sent.add(dispatcher.send("@PUBLIC"));
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@GO");
            client.assertText("@PUBLIC");
            assertThat(sent.take(2, 5)).containsExactly(false, true);
            client.send("@GO");
            client.assertText("@PUBLIC");
            client.assertExhausted();
        }
    }

    @Test
    void incomingInterceptorThatThrowsCountsAsCancelAndRaisesError() throws Exception {
        Recorder<Params> errors = new Recorder<>();
        Recorder<String> uuids = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.interceptIncoming((text, uuid, state) -> {
            if (text.contains("boom")) throw new IllegalArgumentException("cannot read " + text.length() + " chars");
            return Interceptor.pass(text);
        });
        server.route("CONNECTED", (params, dispatcher, state) -> uuids.add(params.get("uuid")));
        server.route("ERROR", (params, dispatcher, state) -> errors.add(params));
        server.route("@M", (params, dispatcher, state) -> dispatcher.send(Message.route("@M-DONE").param("n", params.get("n"))));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            String uuid = uuids.take();
            client.send("@M #n boom");
            Params error = errors.take();
            assertThat(error.get("uuid")).isEqualTo(uuid);
            assertThat(error.get("error")).isEqualTo("cannot read 10 chars");
            assertThat(error.get("route")).isEmpty(); // no route is known before parsing
            client.send("@M #n 2");
            client.assertText("@M-DONE #n 2");
            client.assertExhausted();
        }
    }

    @Test
    void outgoingInterceptorThatThrowsCountsAsCancelAndRaisesError() throws Exception {
        Recorder<Params> errors = new Recorder<>();
        Recorder<Boolean> sent = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.interceptOutgoing((text, uuid, state) -> {
            if (text.startsWith("@BAD")) throw new IllegalStateException("cannot write");
            return Interceptor.pass(text);
        });
        server.route("ERROR", (params, dispatcher, state) -> errors.add(params));
        server.route("@GO", (params, dispatcher, state) -> {
            sent.add(dispatcher.send("@BAD"));
            sent.add(dispatcher.send("@GOOD"));
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@GO");
            client.assertText("@GOOD");
            assertThat(sent.take(2, 5)).containsExactly(false, true);
            assertThat(errors.take().get("error")).isEqualTo("cannot write");
            client.assertExhausted();
        }
    }

    @Test
    void serverInterceptorsGetTheConnectionsUuidAndTheState() throws Exception {
        Recorder<String> uuids = new Recorder<>();
        var server = new Server<String>("127.0.0.1:0", "app-state");
        server.interceptIncoming((text, uuid, state) -> {
            events.add("in " + uuid + " " + state);
            return Interceptor.pass(text);
        });
        server.interceptOutgoing((text, uuid, state) -> {
            events.add("out " + uuid + " " + state);
            return Interceptor.pass(text);
        });
        server.route("CONNECTED", (params, dispatcher, state) -> uuids.add(params.get("uuid")));
        server.route("@M", (params, dispatcher, state) -> dispatcher.send("@M-DONE"));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            String uuid = uuids.take();
            client.send("@M");
            client.assertText("@M-DONE");
            assertThat(events.take(2, 5)).containsExactly("in " + uuid + " app-state", "out " + uuid + " app-state");
        }
    }
}
