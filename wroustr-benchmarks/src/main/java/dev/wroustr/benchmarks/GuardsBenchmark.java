package dev.wroustr.benchmarks;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.internal.RateLimiter;
import dev.wroustr.internal.Router;
import dev.wroustr.internal.Routes;
import dev.wroustr.micrometer.WroustrMetrics;
import dev.wroustr.server.RateLimitAction;
import dev.wroustr.server.Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
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
 * {@link RoutingBenchmark#echoTypical} (route, reply less {@code uuid}, write) with what guards
 * the routing path: {@code none}, Micrometer metrics ({@code metrics}: a counter and a timer
 * with percentiles per message, two clock reads), a rate limit that never bites
 * ({@code rateLimit}: a token taken per message), or both.
 *
 * <pre>taskset -c 1 java -jar wroustr-benchmarks/target/benchmarks.jar -prof gc -f 1 -wi 3 -w 1 -i 5 -r 1 Guards</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GuardsBenchmark {
    @Param({"none", "metrics", "rateLimit", "both"})
    String guards;

    String typical = Payloads.TYPICAL;
    String uuid = "3f2c8a4e-6b1d-4c7a-9e5f-0a1b2c3d4e5f";
    Router<Dispatcher, Void> router;
    SilentConnection dispatcher = new SilentConnection(uuid);
    byte[] reply;

    @Setup
    public void buildRouter() {
        Routes<Dispatcher, Void> routes = new Routes<>();
        routes.route("@SAY", (params, dispatcher, state) -> reply = Message.of("@SAY", params.without("uuid")).toUtf8());
        router = routes.router(null, Message.DEFAULT_MAX_PARAMS);
        if (guards.equals("metrics") || guards.equals("both")) {
            router.metrics(WroustrMetrics.bind(new Server<Void>("127.0.0.1:0", null), new SimpleMeterRegistry()));
        }
        if (guards.equals("rateLimit") || guards.equals("both")) {
            // A billion a second: never reached, so every message takes a token and passes.
            router.rateLimiter(new RateLimiter(Map.of("@SAY", new RateLimiter.Limit(1_000_000_000, Duration.ofSeconds(1))),
                    null, RateLimitAction.REPORT));
        }
        reply = null;
        router.onText(typical, dispatcher, uuid, dispatcher);
        if (reply == null) throw new IllegalStateException("the handler did not run");
    }

    @Benchmark
    public byte[] echoTypical() {
        router.onText(typical, dispatcher, uuid, dispatcher);
        return reply;
    }
}
