package dev.wroustr.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Servers that are nodes of one cluster, with routes that show what crosses nodes. */
final class ClusterNodes implements AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(1);

    private final String uri;
    private final String prefix;
    private final List<RunningServer> nodes = new ArrayList<>();

    ClusterNodes(String uri, String prefix) {
        this.uri = uri;
        this.prefix = prefix;
    }

    RunningServer start() {
        return started(node(uri, prefix));
    }

    /** A node whose handlers run on its network threads ({@code inlineHandlers}). */
    RunningServer startInline() {
        return started(node(uri, prefix).inlineHandlers(true));
    }

    /** A node on {@code redisCluster}, so that a test can ask it whether it is connected. */
    RunningServer start(RedisCluster redisCluster) {
        return started(node(redisCluster));
    }

    /** This cluster's settings, for {@link #start(RedisCluster)}. */
    RedisCluster redisCluster() {
        return RedisCluster.connect(uri).keyPrefix(prefix).lease(LEASE);
    }

    private RunningServer started(Server<Void> server) {
        RunningServer node = server.start();
        nodes.add(node);
        return node;
    }

    /**
     * A node's server: {@code @WHOAMI} -> {@code @YOU #uuid U}; {@code @DM #to U #text T} ->
     * {@code @DM #text T} to U, {@code @SENT #ok B} back; {@code @SHOUT #text T} -> everyone
     * {@code @HEARD #text T}; {@code @JOIN #room R} -> {@code @JOINED}; {@code @ROOM #room R #text T}
     * -> the others in R {@code @ROOM-SAID #text T}.
     */
    static Server<Void> node(String uri, String prefix) {
        return node(RedisCluster.connect(uri).keyPrefix(prefix).lease(LEASE));
    }

    static Server<Void> node(RedisCluster redisCluster) {
        return new Server<Void>("127.0.0.1:0", null)
                .cluster(redisCluster)
                .route("@WHOAMI", (params, dispatcher, state) -> dispatcher.send(Message.route("@YOU").param("uuid", dispatcher.uuid())))
                .route("@DM", (params, dispatcher, state) -> dispatcher.send(Message.route("@SENT").param("ok",
                        dispatcher.sendTo(params.require("to"), Message.route("@DM").param("text", params.require("text"))))))
                .route("@SHOUT", (params, dispatcher, state) -> dispatcher.broadcast(Message.route("@HEARD").param("text", params.require("text"))))
                .route("@JOIN", (params, dispatcher, state) -> {
                    dispatcher.join(params.require("room"));
                    dispatcher.send(Message.route("@JOINED"));
                })
                .route("@ROOM", (params, dispatcher, state) -> dispatcher.toRoom(params.require("room")).except(dispatcher.uuid())
                        .send(Message.route("@ROOM-SAID").param("text", params.require("text"))));
    }

    /**
     * {@code server} with resume on: sessions in Redis, resuming on any node. Adds {@code @TELL #to U
     * #n N} -> {@code @DM #n N} to U with no answer, {@code @ECHO #n N} -> a reply (section 9) or a
     * send {@code @ECHO #n N}, and {@code @ROOMS} -> {@code @ROOMS #rooms R,...}.
     */
    static Server<Void> resuming(Server<Void> server, Duration window) {
        return server.resume(window).resumeBuffer(50_000, 64L * 1024 * 1024)
                .route("@TELL", (params, dispatcher, state) -> dispatcher.sendTo(params.require("to"), Message.route("@DM").param("n", params.require("n"))))
                .route("@ECHO", (params, dispatcher, state) -> {
                    if (params.get("ms") != null) Thread.sleep(params.getInt("ms"));
                    dispatcher.reply(Message.route("@ECHO").param("n", params.require("n")));
                })
                .route("@ROOMS", (params, dispatcher, state) ->
                        dispatcher.send(Message.route("@ROOMS").param("rooms", String.join(",", new java.util.TreeSet<>(dispatcher.rooms())))));
    }

    /** Waits for {@code condition}, which presence written asynchronously makes true soon. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s: " + what);
            Thread.sleep(10);
        }
    }

    static String uuidOf(TestClient client) throws Exception {
        client.send("@WHOAMI");
        return Message.parse(client.take()).params().require("uuid");
    }

    /** The uuid of {@code client}, once {@code node} sees it online (presence is written asynchronously). */
    static String onlineUuidOf(TestClient client, RunningServer node) throws Exception {
        String uuid = uuidOf(client);
        eventually("the client online as the other node sees it", () -> node.isOnline(uuid));
        return uuid;
    }

    /** Alice and bob join the room lobby, and a DM from alice crosses to bob: the state a failover test starts from. */
    static void joinLobbyThenDm(TestClient alice, TestClient bob, String bobUuid) throws Exception {
        for (TestClient member : List.of(alice, bob)) {
            member.send("@JOIN #room lobby");
            member.assertText("@JOINED");
        }
        alice.send("@DM #to " + bobUuid + " #text before");
        alice.assertText("@SENT #ok true");
        bob.assertText("@DM #text before");
    }

    /**
     * Full service on three nodes after a failover, each client on its own node: presence, DMs
     * both ways, a broadcast and a room send, each once (what came twice would be there to take).
     */
    static void assertFullService(List<RunningServer> nodes, List<TestClient> clients, List<String> uuids) throws Exception {
        TestClient alice = clients.get(0), bob = clients.get(1), carol = clients.get(2);
        Set<String> everyone = Set.copyOf(uuids);
        eventually("presence holds the three clients", () -> nodes.stream().allMatch(node -> node.connections().equals(everyone)));
        assertThat(nodes.get(2).isOnline(uuids.get(0))).isTrue();
        eventually("both members of the room", () -> nodes.get(1).toRoom("lobby").members().equals(Set.of(uuids.get(0), uuids.get(1))));
        bob.send("@DM #to " + uuids.get(0) + " #text after");
        bob.assertText("@SENT #ok true");
        alice.assertText("@DM #text after");
        bob.send("@SHOUT #text everyone");
        for (TestClient client : clients) client.assertText("@HEARD #text everyone");
        carol.send("@DM #to " + uuids.get(1) + " #text 'from node three'");
        carol.assertText("@SENT #ok true");
        bob.assertText("@DM #text 'from node three'");
        alice.send("@ROOM #room lobby #text 'in the room'");
        bob.assertText("@ROOM-SAID #text 'in the room'");
        for (TestClient client : clients) client.assertExhausted();
    }

    /** Sends {@code text} and tells whether the next event is {@code answer}: for {@link #eventually}. */
    static boolean answers(TestClient client, String text, String answer) {
        try {
            client.send(text);
            return client.take().equals(answer);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Stops one node: it leaves the cluster. */
    void stop(RunningServer node) {
        nodes.remove(node);
        node.close();
    }

    @Override
    public void close() {
        nodes.forEach(RunningServer::close);
    }
}
