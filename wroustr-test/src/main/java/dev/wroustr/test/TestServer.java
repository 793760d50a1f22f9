package dev.wroustr.test;

import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A server under test and the {@link TestClient}s connected to it. {@link #close()} closes the
 * clients, then the server if this started it. Use it in try-with-resources or close it in
 * {@code @AfterEach}:
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start(null, s -> s.route("@PING", (params, d, state) -> d.send("@PONG")));
 *      TestClient client = server.client()) {
 *     client.send("@PING");
 *     client.expect("@PONG");
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
    private final URI uri;
    private final RunningServer running;
    private final boolean owned;
    private final List<TestClient> clients = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(5);

    private TestServer(URI uri, RunningServer running, boolean owned) {
        this.uri = uri;
        this.running = running;
        this.owned = owned;
    }

    /**
     * Builds a server on {@code 127.0.0.1}, port 0, with {@code state}, lets {@code setup}
     * register its routes and settings, and starts it.
     */
    public static <S> TestServer start(S state, Consumer<Server<S>> setup) {
        Objects.requireNonNull(setup, "setup");
        Server<S> server = new Server<>("127.0.0.1:0", state);
        setup.accept(server);
        return start(server);
    }

    /** Starts {@code server}, the application's own (build it on port 0); {@link #close()} closes it. */
    public static TestServer start(Server<?> server) {
        RunningServer running = server.start();
        return new TestServer(running.uri(), running, true);
    }

    /** A server running already, a Spring context's say; {@link #close()} leaves it running. */
    public static TestServer of(RunningServer running) {
        return new TestServer(running.uri(), running, false);
    }

    /** A server at {@code uri}, in this process or not; {@link #running()} is then null. */
    public static TestServer of(URI uri) {
        return new TestServer(Objects.requireNonNull(uri, "uri"), null, false);
    }

    /** How long the clients made from now on wait in each assertion. Default 5 s. */
    public TestServer timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
        this.timeout = timeout;
        return this;
    }

    /** Where clients connect: {@code ws://127.0.0.1:PORT/PATH}. */
    public URI uri() {
        return uri;
    }

    /** The running server, for {@code connections()}, {@code sendTo} and the like; null for {@link #of(URI)}. */
    public RunningServer running() {
        return running;
    }

    /** A new client, connected (and welcomed) when this returns; closed with this server. */
    public TestClient client() {
        return client(Map.of());
    }

    /** A new client with {@code headers} on its upgrade request. */
    public synchronized TestClient client(Map<String, String> headers) {
        TestClient client = TestClient.connect(uri, headers, timeout);
        clients.add(client);
        return client;
    }

    /** {@code count} new clients, connected in order. */
    public List<TestClient> clients(int count) {
        if (count < 1) throw new IllegalArgumentException("count < 1: " + count);
        List<TestClient> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) made.add(client());
        return made;
    }

    /** Closes every client made here, then the server if {@link #start} started it. */
    @Override
    public synchronized void close() {
        clients.forEach(TestClient::close);
        clients.clear();
        if (owned) running.close();
    }
}
