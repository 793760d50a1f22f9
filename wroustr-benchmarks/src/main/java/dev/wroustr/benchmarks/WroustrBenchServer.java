package dev.wroustr.benchmarks;

import dev.wroustr.Message;
import dev.wroustr.internal.HandlerExecutors;
import dev.wroustr.server.Server;

/**
 * The wroustr side of the end-to-end comparison: the same two behaviours as
 * {@link BareNettyEchoServer}, as routes.
 *
 * <ul>
 *   <li>{@code @ECHO} replies with the params it got, less the {@code uuid} the server adds, so
 *       the reply's text equals the request's (both canonical).</li>
 *   <li>{@code @BCAST} broadcasts the message, less {@code uuid}, to every connection.</li>
 * </ul>
 *
 * <pre>java -cp benchmarks.jar dev.wroustr.benchmarks.WroustrBenchServer --host 127.0.0.1 --port 0 \
 *     [--event-loop-threads 1] [--inline false] [--max-connections 100000] [--executor default|pool]</pre>
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
        Flags flags = Flags.parse(args, "host", "port", "event-loop-threads", "inline", "max-connections", "executor");
        String host = flags.string("host", "127.0.0.1");
        int port = flags.integer("port", 0);
        Server<Void> server = new Server<Void>(host + ":" + port, null)
                .eventLoopThreads(flags.integer("event-loop-threads", 1))
                .inlineHandlers(Boolean.parseBoolean(flags.string("inline", "false")))
                .maxConnections(flags.integer("max-connections", 100_000));
        // "pool": the bounded pool of platform threads that Java 17 gets, on any JVM.
        if (flags.string("executor", "default").equals("pool")) server.executor(HandlerExecutors.pool("wroustr-handler"));
        server.route("@ECHO", (params, dispatcher, state) ->
                dispatcher.send(Message.of("@ECHO", params.without("uuid"))));
        server.route("@BCAST", (params, dispatcher, state) ->
                dispatcher.broadcast(Message.of("@BCAST", params.without("uuid"))));
        var running = server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "wroustr-bench-shutdown"));
        System.out.println("wroustr listening on " + running.uri());
        System.out.flush();
        Thread.currentThread().join();
    }
}
