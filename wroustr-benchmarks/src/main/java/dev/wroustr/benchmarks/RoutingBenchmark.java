package dev.wroustr.benchmarks;

import dev.wroustr.Dispatcher;
import dev.wroustr.Layer;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.internal.Router;
import dev.wroustr.internal.Routes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One incoming text through the router, as a connection's serial executor runs it: parse,
 * route lookup among 32 routes, the {@code uuid} param, the layer chain, the handler. The
 * parse alone is {@link ParserBenchmark#parseTypical}; the difference is what routing costs.
 * No network, no executor hand-off: those are in the end-to-end numbers of {@code bench/run.sh}.
 *
 * <p>{@code layers} is how many layers the server registered: with 3, two apply to {@code @SAY}
 * (one adds a param, as an auth layer adds the user) and one does not (its allow list names
 * another route), so the chain's skip path is measured too.
 *
 * <pre>java -jar wroustr-benchmarks/target/benchmarks.jar -prof gc -f 1 -wi 3 -i 5 Routing</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RoutingBenchmark {
    @Param({"0", "3"})
    int layers;

    String typical = Payloads.TYPICAL;
    // The typical text as a request: a route of the same length, "#$id" first.
    String request = "@ASK #$id 123456" + Payloads.TYPICAL.substring("@SAY".length());
    String unknown = "@NOBODY-LISTENS #room lobby #seq 123456";
    String uuid = "3f2c8a4e-6b1d-4c7a-9e5f-0a1b2c3d4e5f";
    Router<Dispatcher, Void> router;
    SilentConnection dispatcher = new SilentConnection(uuid);
    Router<Dispatcher, Void> echoRouter;
    // Where the handlers leave what they got, so the JIT cannot drop the work.
    Params last;
    byte[] reply;

    @Setup
    public void buildRouter() {
        Routes<Dispatcher, Void> routes = new Routes<>();
        for (int i = 0; i < 30; i++) {
            routes.route("@ROUTE-" + i, (params, dispatcher, state) -> last = params);
        }
        routes.route("@SAY", (params, dispatcher, state) -> last = params);
        routes.route("UNKNOWN", (params, dispatcher, state) -> last = params);
        if (layers >= 1) {
            routes.layer(Layer.named("AUTH").block("CONNECTED", "DISCONNECTED"),
                    (params, dispatcher, state) -> Layer.pass(params.with("user", "bob")));
        }
        if (layers >= 2) {
            routes.layer(Layer.named("ADMIN").allow("@ROUTE-7"), (params, dispatcher, state) -> Layer.cancel());
        }
        if (layers >= 3) {
            routes.layer(Layer.named("AUDIT"), (params, dispatcher, state) -> Layer.pass(params));
        }
        router = routes.router(null, Message.DEFAULT_MAX_PARAMS);
        Routes<Dispatcher, Void> echo = new Routes<>();
        echo.route("@SAY", (params, dispatcher, state) ->
                reply = Message.of("@SAY", params.without("uuid")).toUtf8());
        // The same echo as a request's handler: reply() puts "$re" first and sends the text.
        echo.route("@ASK", (params, dispatcher, state) -> dispatcher.reply(Message.of("@ASK", params.without("uuid"))));
        echoRouter = echo.router(null, Message.DEFAULT_MAX_PARAMS);
        router.onText(typical, dispatcher, uuid, dispatcher);
        if (last == null || !"lobby".equals(last.get("room")) || !uuid.equals(last.get("uuid"))) {
            throw new IllegalStateException("the handler did not get the params: " + last);
        }
    }

    @Benchmark
    public Params routeTypical() {
        router.onText(typical, dispatcher, uuid, dispatcher);
        return last;
    }

    /**
     * The whole of the end-to-end benchmark's {@code @ECHO} short of the network: route the
     * typical text, then write the reply (its params less {@code uuid}) into UTF-8 for the frame.
     */
    @Benchmark
    public byte[] echoTypical() {
        echoRouter.onText(typical, dispatcher, uuid, dispatcher);
        return reply;
    }

    /**
     * {@link #echoTypical} as a request and its reply: the typical text with {@code #$id} first,
     * answered through {@code reply}, whose text the dispatcher writes into UTF-8.
     */
    @Benchmark
    public byte[] requestTypical() {
        echoRouter.onText(request, dispatcher, uuid, dispatcher);
        return dispatcher.sent;
    }

    @Benchmark
    public Params routeUnknown() {
        router.onText(unknown, dispatcher, uuid, dispatcher);
        return last;
    }
}
