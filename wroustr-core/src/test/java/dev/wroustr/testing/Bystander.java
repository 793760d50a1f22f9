package dev.wroustr.testing;

import dev.wroustr.Message;
import dev.wroustr.server.Server;
import java.net.URI;

/**
 * A second, well-behaved client on an {@code @ECHO} route: what one connection does must leave
 * it alone. {@link #echoRoute} adds the route; {@link #assertCarriesOn()} shows it still answers.
 */
public final class Bystander implements AutoCloseable {
    private final TestClient client;

    private Bystander(TestClient client) {
        this.client = client;
    }

    /** Adds {@code @ECHO #v X} -> {@code @ECHO #v X} to {@code server}. */
    public static <S> Server<S> echoRoute(Server<S> server) {
        return server.route("@ECHO", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@ECHO").param("v", params.require("v"))));
    }

    public static Bystander connect(URI uri) throws Exception {
        return new Bystander(TestClient.connect(uri));
    }

    /** It still gets its reply, and nothing else. */
    public void assertCarriesOn() throws Exception {
        client.send("@ECHO #v still-here");
        client.assertText("@ECHO #v still-here");
        client.assertExhausted();
    }

    /**
     * One round trip, without {@link #assertCarriesOn()}'s wait for nothing else: between the
     * cases of a run, which ends with {@code assertCarriesOn()}.
     */
    public void roundTrip(String value) throws Exception {
        client.send("@ECHO #v " + value);
        client.assertText("@ECHO #v " + value);
    }

    @Override
    public void close() {
        client.close();
    }
}
