package dev.wroustr.benchmarks;

import dev.wroustr.Message;
import dev.wroustr.internal.HandlerExecutors;
import dev.wroustr.micrometer.WroustrMetrics;
import dev.wroustr.redis.RedisCluster;
import dev.wroustr.server.Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * The wroustr side of the end-to-end comparison: the same two behaviours as
 * {@link BareNettyEchoServer}, as routes.
 *
 * <ul>
 *   <li>{@code @ECHO} replies with the params it got, less the {@code uuid} the server adds, so
 *       the reply's text equals the request's (both canonical).</li>
 *   <li>{@code @BCAST} broadcasts the message, less {@code uuid}, to every connection; with
 *       {@code --bcast room}, every connection joins one room and {@code @BCAST} goes to it.</li>
 * </ul>
 * {@code @DM #to U ...} sends the message, {@code #from} the sender, to U, on any node of the
 * cluster with {@code --redis}. {@code @ECHO} answers with {@code reply}, an ordinary send for a plain message and the reply
 * for a request ({@code wroustr bench --request}).
 *
 * <pre>java -cp benchmarks.jar dev.wroustr.benchmarks.WroustrBenchServer --host 127.0.0.1 --port 0 \
 *     [--event-loop-threads 1] [--inline false] [--max-connections 100000] [--executor default|pool] [--bcast all|room]
 *     [--metrics true] [--rate-limit PER_SECOND] [--redis redis://HOST:PORT] [--resume WINDOW_SECONDS]</pre>
 *
 * Prints {@code listening on ws://HOST:PORT/...} once bound, then serves until killed. Settings
 * are wroustr's defaults (handlers off the event loop, on the default executor) except two, to
 * match the baseline: one event loop thread, as {@link BareNettyEchoServer} has, since the
 * benchmark pins the server to one core; and no connection limit to speak of, so that the
 * 10,000-connection cells never meet the default limit of 10,000 while the previous cell's
 * connections are still closing.
 */
public final class WroustrBenchServer {
    private WroustrBenchServer() {}

    public static void main(String[] args) throws InterruptedException {
        Flags flags = Flags.parse(args, "host", "port", "event-loop-threads", "inline", "max-connections", "executor", "bcast",
                "metrics", "rate-limit", "redis", "resume");
        String host = flags.string("host", "127.0.0.1");
        int port = flags.integer("port", 0);
        Server<Void> server = new Server<Void>(host + ":" + port, null)
                .eventLoopThreads(flags.integer("event-loop-threads", 1))
                .inlineHandlers(Boolean.parseBoolean(flags.string("inline", "false")))
                .maxConnections(flags.integer("max-connections", 100_000));
        // "pool": the bounded pool of platform threads that Java 17 gets, on any JVM.
        if (flags.string("executor", "default").equals("pool")) server.executor(HandlerExecutors.pool("wroustr-handler"));
        // The same echo answers a request with reply(): "wroustr bench --request" measures what a request adds.
        server.route("@ECHO", (params, dispatcher, state) ->
                dispatcher.reply(Message.of("@ECHO", params.without("uuid"))));
        if (flags.string("bcast", "all").equals("room")) {
            // Every connection in one room, and @BCAST sent to the room: room fan-out against broadcast.
            server.route("CONNECTED", (params, dispatcher, state) -> dispatcher.join("bench"));
            server.route("@BCAST", (params, dispatcher, state) ->
                    dispatcher.toRoom("bench").send(Message.of("@BCAST", params.without("uuid"))));
        } else {
            server.route("@BCAST", (params, dispatcher, state) ->
                    dispatcher.broadcast(Message.of("@BCAST", params.without("uuid"))));
        }
        // The guards of a production server: meters on every message, and a limit that never bites.
        if (Boolean.parseBoolean(flags.string("metrics", "false"))) WroustrMetrics.bind(server, new SimpleMeterRegistry());
        int limit = flags.integer("rate-limit", 0);
        if (limit > 0) server.rateLimit(limit, Duration.ofSeconds(1));
        int resumeSeconds = flags.integer("resume", 0);
        if (resumeSeconds > 0) server.resume(Duration.ofSeconds(resumeSeconds));
        // A node of a cluster on this Redis; @DM #to U reaches U on whichever node holds it.
        if (flags.string("redis", null) != null) server.cluster(RedisCluster.connect(flags.string("redis", null)).keyPrefix("bench:"));
        server.route("@DM", (params, dispatcher, state) -> dispatcher.sendTo(params.require("to"),
                Message.of("@DM", params.without("uuid").without("to").with("from", dispatcher.uuid()))));
        var running = server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "wroustr-bench-shutdown"));
        System.out.println("wroustr listening on " + running.uri());
        System.out.flush();
        Thread.currentThread().join();
    }
}
