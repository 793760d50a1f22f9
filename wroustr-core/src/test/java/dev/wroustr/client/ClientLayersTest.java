package dev.wroustr.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Interceptor;
import dev.wroustr.Layer;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.testing.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's layers and interceptors work as the server's do (PROTOCOL.md 6, 7), without a
 * uuid. The server here only echoes: {@code @SAY #text T} makes it send T as written.
 */
@Timeout(10)
class ClientLayersTest {
    private final Recorder<String> events = new Recorder<>();
    private final Recorder<String> serverSaw = new Recorder<>();
    private RunningServer running;
    private Connector<String> connector;

    @BeforeEach
    void startServer() {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("@SAY", (params, dispatcher, state) -> dispatcher.send(params.require("text")));
        server.route("UNKNOWN", (params, dispatcher, state) -> serverSaw.add(params.without("uuid").toString()));
        running = server.start();
        connector = new Connector<>(running.uri().toString(), "client-state");
    }

    @AfterEach
    void stop() {
        connector.close();
        running.close();
    }

    /** Makes the server send {@code text} to this client. */
    private void serverSays(String text) {
        connector.send(Message.route("@SAY").param("text", text));
    }

    @Test
    void authLayerRunsOnlyForItsAllowedRouteAndDoesNotStopOtherRoutes() throws Exception {
        connector.layer(Layer.named("AUTH").block("CONNECTED", "DISCONNECTED").allow("@DATA"), (params, dispatcher, state) -> {
            events.add("AUTH " + params.get("sig"));
            return "ok".equals(params.get("sig")) ? Layer.pass(params) : Layer.cancel();
        });
        connector.route("CONNECTED", (params, dispatcher, state) -> events.add("CONNECTED " + params));
        connector.route("@DATA", (params, dispatcher, state) -> events.add("@DATA " + params.get("n")));
        connector.route("@OTHER", (params, dispatcher, state) -> events.add("@OTHER"));
        connector.connect().get();
        assertThat(events.take()).startsWith("CONNECTED {uuid=");
        serverSays("@OTHER");
        assertThat(events.take()).isEqualTo("@OTHER");
        serverSays("@DATA #n 1 #sig forged");
        serverSays("@DATA #n 2 #sig ok");
        assertThat(events.take(3, 5)).containsExactly("AUTH forged", "AUTH ok", "@DATA 2");
        events.assertExhausted(100);
    }

    @Test
    void paramsChangedByALayerReachTheHandlerAndTheClientAddsNoUuid() throws Exception {
        Recorder<Params> seen = new Recorder<>();
        connector.layer(Layer.named("DECORATE"), (params, dispatcher, state) -> Layer.pass(params.with("seen-by", state)));
        connector.route("@DATA", (params, dispatcher, state) -> seen.add(params));
        connector.connect().get();
        serverSays("@DATA #n 1 #uuid from-server");
        Params params = seen.take();
        assertThat(params.keys()).containsExactly("n", "uuid", "seen-by");
        assertThat(params.get("uuid")).isEqualTo("from-server"); // the client has no uuid of its own to set
        assertThat(params.get("seen-by")).isEqualTo("client-state");
    }

    @Test
    void layersRunInOrderAndACancelStopsTheHandlerAndLaterLayers() throws Exception {
        connector.layer(Layer.named("A"), (params, dispatcher, state) -> {
            events.add("A");
            return Layer.pass(params);
        });
        connector.layer(Layer.named("GATE"), Layer.check((params, dispatcher, state) -> {
            events.add("GATE");
            return params.containsKey("open");
        }));
        connector.layer(Layer.named("C"), (params, dispatcher, state) -> {
            events.add("C");
            return Layer.pass(params);
        });
        connector.route("@DOOR", (params, dispatcher, state) -> events.add("@DOOR"));
        connector.connect().get();
        serverSays("@DOOR");
        assertThat(events.take(2, 5)).containsExactly("A", "GATE");
        serverSays("@DOOR #open yes");
        assertThat(events.take(4, 5)).containsExactly("A", "GATE", "C", "@DOOR");
    }

    @Test
    void layerThatThrowsRaisesErrorWithRouteAndErrorAndTheConnectionStaysOpen() throws Exception {
        Recorder<Params> errors = new Recorder<>();
        connector.layer(Layer.named("BROKEN").allow("@BOOM"), (params, dispatcher, state) -> {
            throw new IllegalStateException("client layer broke");
        });
        connector.route("@BOOM", (params, dispatcher, state) -> events.add("@BOOM"));
        connector.route("@FINE", (params, dispatcher, state) -> events.add("@FINE"));
        connector.route("ERROR", (params, dispatcher, state) -> errors.add(params));
        connector.connect().get();
        serverSays("@BOOM");
        Params error = errors.take();
        assertThat(error.keys()).containsExactly("route", "error");
        assertThat(error.get("route")).isEqualTo("@BOOM");
        assertThat(error.get("error")).isEqualTo("client layer broke");
        serverSays("@FINE");
        assertThat(events.take()).isEqualTo("@FINE");
        assertThat(connector.isConnected()).isTrue();
    }

    @Test
    void layersRunOnConnectedAndDisconnectedUnlessBlocked() throws Exception {
        connector.layer(Layer.named("ALL"), (params, dispatcher, state) -> {
            events.add("ALL " + params.keys());
            return Layer.pass(params);
        });
        connector.layer(Layer.named("BLOCKED").block("CONNECTED", "DISCONNECTED"), (params, dispatcher, state) -> {
            events.add("BLOCKED");
            return Layer.pass(params);
        });
        connector.route("CONNECTED", (params, dispatcher, state) -> events.add("CONNECTED"));
        connector.route("DISCONNECTED", (params, dispatcher, state) -> events.add("DISCONNECTED " + params.get("code")));
        connector.connect().get();
        assertThat(events.take(2, 5)).containsExactly("ALL [uuid]", "CONNECTED");
        connector.close();
        assertThat(events.take(2, 5)).containsExactly("ALL [code, reason]", "DISCONNECTED 1000");
        events.assertExhausted(100);
    }

    @Test
    void unknownAndInvalidPassNoLayerAndCarryNoUuid() throws Exception {
        Recorder<Params> reports = new Recorder<>();
        connector.layer(Layer.named("ALL"), (params, dispatcher, state) -> {
            events.add("ALL");
            return Layer.cancel();
        });
        connector.route("UNKNOWN", (params, dispatcher, state) -> reports.add(params));
        connector.route("INVALID", (params, dispatcher, state) -> reports.add(params));
        connector.connect().get();
        serverSays("@NOBODY #a 1");
        Params unknown = reports.take();
        assertThat(unknown.keys()).containsExactly("a", "route");
        assertThat(unknown.get("route")).isEqualTo("@NOBODY");
        serverSays("@X #v 'open");
        Params invalid = reports.take();
        assertThat(invalid.keys()).containsExactly("error", "offset", "raw");
        assertThat(invalid.get("error")).isEqualTo("unterminated-quote");
        assertThat(invalid.get("raw")).isEqualTo("@X #v 'open");
        events.assertExhausted(100);
    }

    @Test
    void interceptorsChainInOrderBothWaysAndGetANullUuid() throws Exception {
        connector.interceptIncoming((text, uuid, state) -> {
            events.add("in-A " + text + " " + uuid);
            return Interceptor.pass(text + "A");
        });
        connector.interceptIncoming((text, uuid, state) -> Interceptor.pass(text + "B"));
        connector.interceptOutgoing((text, uuid, state) -> {
            events.add("out-A " + uuid + " " + state);
            return Interceptor.pass(text.replace("@ASK", "@NOBODY"));
        });
        connector.interceptOutgoing((text, uuid, state) -> Interceptor.pass(text + " #tag 2"));
        connector.route("@R", (params, dispatcher, state) -> events.add("@R " + params.get("v")));
        connector.connect().get();
        serverSays("@R #v x");
        assertThat(events.take(3, 5)).containsExactly("out-A null client-state", "in-A @R #v x null", "@R xAB");
        connector.send("@ASK #q 1");
        assertThat(events.take()).isEqualTo("out-A null client-state");
        // The server saw the text after both outgoing interceptors, in order.
        assertThat(serverSaw.take()).isEqualTo("{q=1, tag=2, route=@NOBODY}");
    }

    @Test
    void interceptorCancelDropsOneMessageAndOneThatThrowsRaisesError() throws Exception {
        Recorder<Params> errors = new Recorder<>();
        connector.interceptIncoming((text, uuid, state) -> {
            if (text.contains("drop")) return Interceptor.cancel();
            if (text.contains("boom")) throw new IllegalArgumentException("undecodable");
            return Interceptor.pass(text);
        });
        connector.route("@M", (params, dispatcher, state) -> events.add("@M " + params.get("n")));
        connector.route("ERROR", (params, dispatcher, state) -> errors.add(params));
        connector.connect().get();
        serverSays("@M #n drop");
        serverSays("@M #n boom");
        serverSays("@M #n 3");
        assertThat(events.take()).isEqualTo("@M 3");
        Params error = errors.take();
        assertThat(error.get("error")).isEqualTo("undecodable");
        assertThat(error.containsKey("uuid")).isFalse();
        events.assertExhausted(100);
        assertThat(connector.isConnected()).isTrue();
    }

    @Test
    void outgoingCancelDropsThatSendOnly() throws Exception {
        connector.interceptOutgoing((text, uuid, state) -> text.contains("secret") ? Interceptor.cancel() : Interceptor.pass(text));
        connector.connect().get();
        assertThat(connector.send("@NOBODY #v secret")).isFalse();
        assertThat(connector.send("@NOBODY #v public")).isTrue();
        assertThat(serverSaw.take()).isEqualTo("{v=public, route=@NOBODY}");
        serverSaw.assertExhausted(100);
    }
}
