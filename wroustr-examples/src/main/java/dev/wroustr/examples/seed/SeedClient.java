package dev.wroustr.examples.seed;

import dev.wroustr.client.Connector;
import java.io.PrintStream;

/**
 * The seed's client: prints "Client connected" on {@code CONNECTED} and answers the server's
 * {@code @PING} with {@code @PONG}.
 *
 * <p>Run, with {@link SeedServer} up: {@code wroustr-examples/run seed.SeedClient} (connects to ws://127.0.0.1:3000/, or
 * the URL given as the first argument; sends {@code @LOGIN}, then stops after two seconds).
 */
public final class SeedClient {
    private SeedClient() {}

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "ws://127.0.0.1:3000/";
        try (Connector<AppState> connector = connector(url, new AppState("client"), System.out)) {
            connector.route("@CONNECTION-ESTABLISHED", (params, dispatcher, state) -> System.out.println("Server says: established"));
            connector.route("@LOGIN-DONE", (params, dispatcher, state) -> System.out.println("Login done: " + params));
            connector.connect().get();
            connector.send("@LOGIN #user bob");
            Thread.sleep(2000); // a demo: let the answers arrive, then leave
        }
    }

    /**
     * The seed's connector, not connected yet: add routes, then {@code connect()}.
     *
     * @param out where the routes print
     */
    public static Connector<AppState> connector(String url, AppState state, PrintStream out) {
        return new Connector<>(url, state)
                .route("CONNECTED", (params, dispatcher, appState) -> out.println("Client connected"))
                .route("@PING", (params, dispatcher, appState) -> {
                    out.println("Got @PING, answering @PONG");
                    dispatcher.send("@PONG");
                });
    }
}
