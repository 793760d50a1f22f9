package dev.wroustr.examples.auth;

import dev.wroustr.Layer;
import dev.wroustr.Message;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The seed's {@code AUTH} layer. The server answers {@code @REQUEST-DATA #token T} with
 * {@code @SEND-DATA #auth passed #data some-data} when T is a known token and with
 * {@code @AUTH-FAILED} otherwise; the route never sees a request that failed.
 *
 * <p>Run: {@code wroustr-examples/run auth.AuthExample}.
 * It starts the server on a free port, connects a client that asks twice (a bad token, then a
 * good one), prints both answers and stops.
 */
public final class AuthExample {
    /** The one token the example knows. */
    public static final String GOOD_TOKEN = "secret-token";

    private AuthExample() {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** The server with the layer and routes, not started yet. */
    public static Server<Sessions> server(String address, PrintStream out) {
        var server = new Server<>(address, new Sessions(Map.of(GOOD_TOKEN, "bob")));
        // block() takes one route per argument: the seed's "CONNECTED, DISCONNECTED" would be rejected.
        server.layer(Layer.named("AUTH").block("CONNECTED", "DISCONNECTED").allow("@REQUEST-DATA"),
                (params, dispatcher, sessions) -> {
                    String user = sessions.userFor(params.get("token"));
                    if (user == null) {
                        out.println("AUTH failed on " + dispatcher.uuid());
                        dispatcher.send(Message.route("@AUTH-FAILED"));
                        return Layer.cancel();
                    }
                    out.println("AUTH passed: " + user);
                    return Layer.pass(params.without("token").with("user", user));
                });
        server.route("CONNECTED", (params, dispatcher, sessions) -> out.println("New connection: " + params.get("uuid")));
        server.route("@REQUEST-DATA", (params, dispatcher, sessions) -> {
            // No auth check here: the AUTH layer took care of that.
            out.println("Sending data to " + params.get("user"));
            dispatcher.send("@SEND-DATA #auth passed #data some-data");
        });
        return server;
    }

    /** Starts the server, asks with a bad then a good token from a client, prints what comes back. */
    public static void run(PrintStream out) throws Exception {
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        try (RunningServer running = server("127.0.0.1:0", out).start();
             var client = new Connector<Void>(running.uri().toString(), null).reconnect(Reconnect.never())) {
            client.route("@AUTH-FAILED", (params, dispatcher, state) -> answers.add("@AUTH-FAILED"));
            client.route("@SEND-DATA", (params, dispatcher, state) -> answers.add("@SEND-DATA " + params));
            client.connect().get(5, TimeUnit.SECONDS);
            for (String token : new String[] {"wrong-token", GOOD_TOKEN}) {
                out.println("Client sends @REQUEST-DATA with token " + token);
                client.send(Message.route("@REQUEST-DATA").param("token", token));
                String answer = answers.poll(5, TimeUnit.SECONDS);
                out.println("Client got: " + (answer == null ? "nothing" : answer));
            }
        }
    }
}
