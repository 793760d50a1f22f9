package dev.wroustr.examples.seed;

import dev.wroustr.Params;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.server.ServerDispatcher;
import java.io.PrintStream;

/**
 * The seed's server: {@code @LOGIN} answers {@code @LOGIN-DONE #success true}; {@code CONNECTED}
 * prints the new connection's uuid and the state and sends {@code @CONNECTION-ESTABLISHED};
 * {@code @INIT} is a method reference and answers {@code @INIT-DONE #success true}.
 *
 * <p>Run: {@code wroustr-examples/run seed.SeedServer}
 * (listens on 127.0.0.1:3000, or the address given as the first argument), then try it with
 * {@link SeedClient}, or any WebSocket client sending {@code @LOGIN #user bob}.
 */
public final class SeedServer {
    private final PrintStream out;

    /** @param out where the routes print (System.out in {@link #main}) */
    public SeedServer(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        String address = args.length > 0 ? args[0] : "127.0.0.1:3000";
        new SeedServer(System.out).server(address, new AppState("seed")).serve();
    }

    /** The server with the seed's routes, not started yet. */
    public Server<AppState> server(String address, AppState state) {
        var server = new Server<>(address, state);
        server.route("@LOGIN", (params, dispatcher, appState) -> {
            appState.logins().incrementAndGet();
            dispatcher.send("@LOGIN-DONE #success true");
        });
        server.route("CONNECTED", (params, dispatcher, appState) -> {
            out.println("New connection: " + params.get("uuid"));
            out.println("State: " + appState);
            dispatcher.send("@CONNECTION-ESTABLISHED");
        });
        server.route("@INIT", this::init);
        return server;
    }

    /** Starts the seed's server on {@code address} ({@code 127.0.0.1:0} picks a free port). */
    public RunningServer start(String address, AppState state) {
        RunningServer running = server(address, state).start();
        out.println("Listening on " + running.uri());
        return running;
    }

    /** The seed's {@code async fn init(params, dispatcher, state)}, registered as {@code this::init}. */
    void init(Params params, ServerDispatcher dispatcher, AppState state) {
        out.println("INIT: " + params);
        out.println("State: " + state);
        dispatcher.send("@INIT-DONE #success true");
    }
}
