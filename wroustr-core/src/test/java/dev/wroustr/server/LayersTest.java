package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Layer;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server layers: which routes they run on, what they pass on, and how they stop a message (PROTOCOL.md 6, 7). */
@Timeout(10)
class LayersTest {
    /** Every event of a test, in the order the server saw them. */
    private final Recorder<String> events = new Recorder<>();

    @Test
    void appliesWhenAllowIsEmptyOrHoldsTheRouteAndBlockDoesNot() {
        Layer everywhere = Layer.named("L");
        assertThat(everywhere.appliesTo("@A")).isTrue();
        assertThat(everywhere.appliesTo("CONNECTED")).isTrue();

        Layer allowOne = Layer.named("L").allow("@A");
        assertThat(allowOne.appliesTo("@A")).isTrue();
        assertThat(allowOne.appliesTo("@B")).isFalse();

        Layer blockOne = Layer.named("L").block("@A");
        assertThat(blockOne.appliesTo("@A")).isFalse();
        assertThat(blockOne.appliesTo("@B")).isTrue();

        Layer blockWins = Layer.named("L").allow("@A", "@B").block("@B");
        assertThat(blockWins.appliesTo("@A")).isTrue();
        assertThat(blockWins.appliesTo("@B")).isFalse();
        assertThat(blockWins.appliesTo("@C")).isFalse();

        Layer auth = Layer.named("AUTH").block("CONNECTED", "DISCONNECTED").allow("@REQUEST-DATA");
        assertThat(auth.appliesTo("@REQUEST-DATA")).isTrue();
        assertThat(auth.appliesTo("CONNECTED")).isFalse();
        assertThat(auth.appliesTo("DISCONNECTED")).isFalse();
        assertThat(auth.appliesTo("@OTHER")).isFalse();
    }

    @Test
    void layerIsImmutableAndEachCallReturnsANewOne() {
        Layer base = Layer.named("L");
        Layer narrowed = base.allow("@A").block("@B");
        assertThat(base.allowed()).isEmpty();
        assertThat(base.blocked()).isEmpty();
        assertThat(narrowed.allowed()).containsExactly("@A");
        assertThat(narrowed.blocked()).containsExactly("@B");
    }

    @Test
    void aListOfRoutesInOneStringIsRejected() {
        // The seed's own example wrote block(vec!["CONNECTED, DISCONNECTED"]), which matched nothing.
        assertThatThrownBy(() -> Layer.named("AUTH").block("CONNECTED, DISCONNECTED"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CONNECTED, DISCONNECTED");
        assertThatThrownBy(() -> Layer.named("AUTH").block("CONNECTED,DISCONNECTED"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Layer.named("AUTH").allow("@A, @B"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Layer.named("AUTH").allow("LOGIN")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Layer.named("AUTH").allow("@")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRouteAHandlerCanHaveCanBeAllowedOrBlocked() {
        // A comma is a name char like any other (PROTOCOL.md section 2): "@A,B" is one route.
        Layer layer = Layer.named("AUTH").allow("@A,B", "CONNECTED").block("@é");
        assertThat(layer.appliesTo("@A,B")).isTrue();
        assertThat(layer.appliesTo("@A")).isFalse();
        assertThat(layer.appliesTo("CONNECTED")).isTrue();
        assertThat(Layer.named("OPEN").block("@é").appliesTo("@é")).isFalse();
    }

    @Test
    void blankLayerNameIsRejected() {
        assertThatThrownBy(() -> Layer.named(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authLayerRunsOnlyForItsAllowedRouteAndDoesNotStopOtherRoutes() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.layer(Layer.named("AUTH").block("CONNECTED", "DISCONNECTED").allow("@REQUEST-DATA"), (params, dispatcher, state) -> {
            events.add("AUTH token=" + params.get("token"));
            if (!"good".equals(params.get("token"))) {
                dispatcher.send("@AUTH-FAILED");
                return Layer.cancel();
            }
            return Layer.pass(params);
        });
        server.route("CONNECTED", (params, dispatcher, state) -> events.add("CONNECTED"));
        server.route("DISCONNECTED", (params, dispatcher, state) -> events.add("DISCONNECTED"));
        server.route("@OTHER", (params, dispatcher, state) -> {
            events.add("@OTHER");
            dispatcher.send("@OTHER-DONE");
        });
        server.route("@REQUEST-DATA", (params, dispatcher, state) -> {
            events.add("@REQUEST-DATA");
            dispatcher.send("@SEND-DATA #auth passed #data some-data");
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            assertThat(events.take()).isEqualTo("CONNECTED");
            client.send("@OTHER");
            client.assertText("@OTHER-DONE");
            assertThat(events.take()).isEqualTo("@OTHER");

            client.send("@REQUEST-DATA #token bad");
            client.assertText("@AUTH-FAILED");
            assertThat(events.take()).isEqualTo("AUTH token=bad");

            client.send("@REQUEST-DATA #token good");
            client.assertText("@SEND-DATA #auth passed #data some-data");
            assertThat(events.take(2, 5)).containsExactly("AUTH token=good", "@REQUEST-DATA");

            client.socket().sendClose(1000, "bye");
            assertThat(events.take()).isEqualTo("DISCONNECTED");
            events.assertExhausted(100);
        }
    }

    @Test
    void paramsChangedByALayerReachTheHandler() throws Exception {
        Recorder<Params> seen = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.layer(Layer.named("AUTH").allow("@WHOAMI"), (params, dispatcher, state) ->
                Layer.pass(params.without("token").with("user", "bob")));
        server.route("@WHOAMI", (params, dispatcher, state) -> {
            seen.add(params);
            dispatcher.send(Message.route("@YOU-ARE").param("user", params.require("user")));
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@WHOAMI #token secret #note 'hi there'");
            client.assertText("@YOU-ARE #user bob");
            Params params = seen.take();
            assertThat(params.keys()).containsExactly("note", "uuid", "user");
            assertThat(params.get("note")).isEqualTo("hi there");
        }
    }

    @Test
    void cancelStopsTheHandlerAndLaterLayers() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.layer(Layer.named("FIRST"), (params, dispatcher, state) -> {
            events.add("FIRST");
            return Layer.pass(params);
        });
        server.layer(Layer.named("GATE"), (params, dispatcher, state) -> {
            events.add("GATE");
            return params.containsKey("open") ? Layer.pass(params) : Layer.cancel();
        });
        server.layer(Layer.named("LATER"), (params, dispatcher, state) -> {
            events.add("LATER");
            return Layer.pass(params);
        });
        server.route("@DOOR", (params, dispatcher, state) -> {
            events.add("@DOOR");
            dispatcher.send("@DOOR-DONE");
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@DOOR");
            assertThat(events.take(2, 5)).containsExactly("FIRST", "GATE");
            client.send("@DOOR #open yes");
            client.assertText("@DOOR-DONE");
            // The cancelled message left nothing behind: the next one runs the whole chain.
            assertThat(events.take(4, 5)).containsExactly("FIRST", "GATE", "LATER", "@DOOR");
            client.assertExhausted();
        }
    }

    @Test
    void severalLayersRunInTheOrderAddedEachSeeingTheParamsOfThePrevious() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        for (String name : new String[] {"A", "B", "C"}) {
            server.layer(Layer.named(name), (params, dispatcher, state) -> {
                String trail = params.get("trail", "") + name;
                events.add(name + " " + trail);
                return Layer.pass(params.with("trail", trail));
            });
        }
        server.route("@GO", (params, dispatcher, state) -> events.add("@GO " + params.get("trail")));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@GO");
            assertThat(events.take(4, 5)).containsExactly("A A", "B AB", "C ABC", "@GO ABC");
        }
    }

    @Test
    void layerThatThrowsCancelsTheMessageAndRaisesErrorWhileTheConnectionStaysOpen() throws Exception {
        Recorder<Params> errors = new Recorder<>();
        Recorder<String> uuids = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.layer(Layer.named("BROKEN").allow("@BOOM"), (params, dispatcher, state) -> {
            throw new IllegalStateException("layer broke");
        });
        server.layer(Layer.named("LATER"), (params, dispatcher, state) -> {
            events.add("LATER");
            return Layer.pass(params);
        });
        server.route("CONNECTED", (params, dispatcher, state) -> uuids.add(params.get("uuid")));
        server.route("@BOOM", (params, dispatcher, state) -> events.add("@BOOM"));
        server.route("@ECHO", (params, dispatcher, state) -> dispatcher.send("@ECHO"));
        server.route("ERROR", (params, dispatcher, state) -> errors.add(params));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            String uuid = uuids.take();
            assertThat(events.take()).isEqualTo("LATER"); // CONNECTED passed the layer that applies to it
            client.send("@BOOM");
            Params error = errors.take();
            assertThat(error.keys()).containsExactly("uuid", "route", "error");
            assertThat(error.get("uuid")).isEqualTo(uuid);
            assertThat(error.get("route")).isEqualTo("@BOOM");
            assertThat(error.get("error")).isEqualTo("layer broke");
            client.send("@ECHO");
            client.assertText("@ECHO");
            assertThat(events.take()).isEqualTo("LATER"); // the @ECHO, not the @BOOM
            events.assertExhausted(100);
            client.assertExhausted();
        }
    }

    @Test
    void layersRunOnConnectedAndDisconnectedUnlessBlocked() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.layer(Layer.named("ALL"), (params, dispatcher, state) -> {
            events.add("ALL " + params.keys());
            return Layer.pass(params);
        });
        server.layer(Layer.named("BLOCKED").block("CONNECTED", "DISCONNECTED"), (params, dispatcher, state) -> {
            events.add("BLOCKED " + params.keys());
            return Layer.pass(params);
        });
        server.route("CONNECTED", (params, dispatcher, state) -> events.add("CONNECTED"));
        server.route("DISCONNECTED", (params, dispatcher, state) -> events.add("DISCONNECTED " + params.get("code")));
        server.route("@M", (params, dispatcher, state) -> events.add("@M"));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            assertThat(events.take(2, 5)).containsExactly("ALL [uuid]", "CONNECTED");
            client.send("@M");
            assertThat(events.take(3, 5)).containsExactly("ALL [uuid]", "BLOCKED [uuid]", "@M");
            client.socket().sendClose(4000, "done");
            assertThat(events.take(2, 5)).containsExactly("ALL [uuid, code, reason]", "DISCONNECTED 4000");
        }
    }

    @Test
    void layerCancellingConnectedSkipsTheConnectedHandlerOnly() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.layer(Layer.named("NO-HELLO").allow("CONNECTED"), Layer.check((params, dispatcher, state) -> false));
        server.route("CONNECTED", (params, dispatcher, state) -> events.add("CONNECTED"));
        server.route("@M", (params, dispatcher, state) -> dispatcher.send("@M-DONE"));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@M");
            client.assertText("@M-DONE");
            events.assertExhausted(100);
        }
    }

    @Test
    void unknownAndInvalidPassNoLayer() throws Exception {
        Recorder<String> reports = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.layer(Layer.named("ALL"), (params, dispatcher, state) -> {
            events.add("ALL");
            return Layer.cancel(); // would stop anything it ran on
        });
        server.route("UNKNOWN", (params, dispatcher, state) -> reports.add("UNKNOWN " + params.get("route")));
        server.route("INVALID", (params, dispatcher, state) -> reports.add("INVALID " + params.get("error")));
        server.route("@KNOWN", (params, dispatcher, state) -> events.add("@KNOWN"));
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@NOBODY-HOME #a 1");
            assertThat(reports.take()).isEqualTo("UNKNOWN @NOBODY-HOME");
            client.send("@KNOWN #v 'open");
            assertThat(reports.take()).isEqualTo("INVALID unterminated-quote");
            events.assertExhausted(100);
            client.send("@KNOWN");
            assertThat(events.take()).isEqualTo("ALL"); // the layer is there; it just did not run on the reports
            events.assertExhausted(100);
        }
    }

    @Test
    void checkFormPassesParamsUnchangedOnTrueAndCancelsOnFalse() throws Exception {
        Recorder<Params> handled = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.layer(Layer.named("AUTH").allow("@REQUEST-DATA"), Layer.check((params, dispatcher, state) -> {
            boolean ok = "good".equals(params.get("token"));
            if (!ok) dispatcher.send("@AUTH-FAILED");
            return ok;
        }));
        server.route("@REQUEST-DATA", (params, dispatcher, state) -> {
            handled.add(params);
            dispatcher.send("@SEND-DATA");
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.send("@REQUEST-DATA #token bad");
            client.assertText("@AUTH-FAILED");
            client.send("@REQUEST-DATA #token good #x 1");
            client.assertText("@SEND-DATA");
            Params params = handled.take();
            assertThat(params.keys()).containsExactly("token", "x", "uuid");
            handled.assertExhausted(100);
        }
    }

    @Test
    void layersCannotBeAddedOnceStarted() {
        var server = new Server<Void>("127.0.0.1:0", null);
        try (var running = server.start()) {
            assertThatThrownBy(() -> server.layer(Layer.named("LATE"), (p, d, s) -> Layer.pass(p)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
