package dev.wroustr.benchmarks;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.internal.RecordBinder;
import dev.wroustr.internal.Router;
import dev.wroustr.internal.Routes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What binding params to a record costs: one text with four params through the router, as
 * {@link RoutingBenchmark} runs one, to a typed route ({@code route("@LOGIN", Login.class, ...)})
 * and to a plain route whose handler reads the same four params by name and builds the same
 * record. The difference is the binding's own cost (reflection looked up once, a boxed array,
 * the canonical constructor called reflectively).
 *
 * <pre>java -jar wroustr-benchmarks/target/benchmarks.jar -prof gc -f 1 -wi 3 -i 5 TypedRoute</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TypedRouteBenchmark {
    public record Login(String user, int age, String room, boolean admin) {}

    String typed = "@TYPED #user bob #age 30 #room lobby #admin false";
    String byName = "@BY-NAME #user bob #age 30 #room lobby #admin false";
    String uuid = "3f2c8a4e-6b1d-4c7a-9e5f-0a1b2c3d4e5f";
    SilentConnection dispatcher = new SilentConnection(uuid);
    Router<Dispatcher, Void> router;
    // Where the handlers leave what they got, so the JIT cannot drop the work.
    Login last;

    @Setup
    public void buildRouter() {
        Routes<Dispatcher, Void> routes = new Routes<>();
        routes.route("@TYPED", RecordBinder.handler(Login.class, (login, dispatcher, state) -> last = login));
        routes.route("@BY-NAME", (params, dispatcher, state) -> last = new Login(params.require("user"),
                params.getInt("age"), params.require("room"), params.getBoolean("admin")));
        router = routes.router(null, Message.DEFAULT_MAX_PARAMS);
        Login expected = new Login("bob", 30, "lobby", false);
        router.onText(typed, dispatcher, uuid, dispatcher);
        if (!expected.equals(last)) throw new IllegalStateException("the typed handler got " + last);
        last = null;
        router.onText(byName, dispatcher, uuid, dispatcher);
        if (!expected.equals(last)) throw new IllegalStateException("the plain handler got " + last);
    }

    @Benchmark
    public Login typedRoute() {
        router.onText(typed, dispatcher, uuid, dispatcher);
        return last;
    }

    @Benchmark
    public Login paramsByName() {
        router.onText(byName, dispatcher, uuid, dispatcher);
        return last;
    }
}
