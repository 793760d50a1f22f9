package dev.wroustr.benchmarks;

import dev.wroustr.Message;
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
 * <pre>java -cp benchmarks.jar dev.wroustr.benchmarks.WroustrBenchServer --host 127.0.0.1 --port 0</pre>
 *
 * Prints {@code listening on ws://HOST:PORT/...} once bound, then serves until killed. Server
 * settings are wroustr's defaults: what a user gets without tuning is what is measured.
 */
public final class WroustrBenchServer {
    private WroustrBenchServer() {}

    public static void main(String[] args) throws InterruptedException {
        Flags flags = Flags.parse(args, "host", "port");
        String host = flags.string("host", "127.0.0.1");
        int port = flags.integer("port", 0);
        Server<Void> server = new Server<>(host + ":" + port, null);
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
