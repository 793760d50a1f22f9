package dev.wroustr.test;

import dev.wroustr.redis.RedisCluster;
import dev.wroustr.server.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Servers that are nodes of one cluster on a Redis the test names ({@code wroustr-redis} must
 * be on the test's classpath). Each cluster takes a key prefix of its own, so tests sharing one
 * Redis never see each other's clients.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.onRedis(redisUri, 2, null, ChatRoutes::register)) {
 *     TestClient alice = cluster.node(0).client();
 *     TestClient bob = cluster.node(1).client();
 *     cluster.awaitOnline(bob);                 // presence is written asynchronously
 *     alice.send(Message.route("@DM").param("to", bob.uuid()).param("text", "hi"));
 *     bob.expect("@DM");
 * }
 * }</pre>
 */
public final class TestCluster implements AutoCloseable {
    private final List<TestServer> nodes = new ArrayList<>();

    private TestCluster() {}

    /**
     * Starts {@code count} servers on port 0, each built with {@code state}, set up by
     * {@code setup} and joined to the Redis at {@code redisUri} with a lease of 1 s (so a node
     * closed in a test is gone from presence soon).
     */
    public static <S> TestCluster onRedis(String redisUri, int count, S state, Consumer<Server<S>> setup) {
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(setup, "setup");
        if (count < 1) throw new IllegalArgumentException("count < 1: " + count);
        String prefix = "wroustr-test:" + UUID.randomUUID() + ":";
        TestCluster cluster = new TestCluster();
        try {
            for (int i = 0; i < count; i++) {
                Server<S> server = new Server<>("127.0.0.1:0", state);
                setup.accept(server);
                server.cluster(RedisCluster.connect(redisUri).keyPrefix(prefix).lease(Duration.ofSeconds(1)));
                cluster.nodes.add(TestServer.start(server));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The node at {@code index}, in the order started. */
    public TestServer node(int index) {
        return nodes.get(index);
    }

    /** The nodes, in the order started. */
    public List<TestServer> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * Waits until every node sees {@code client} online: presence is written to Redis after the
     * connection opens, so a {@code sendTo} from another node right away may not find it yet.
     *
     * @throws org.opentest4j.AssertionFailedError if not within 10 s
     */
    public void awaitOnline(TestClient client) {
        String uuid = Objects.requireNonNull(client.uuid(), "the client has no uuid: its server sent no welcome");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (TestServer node : nodes) {
            while (!node.running().isOnline(uuid)) {
                if (System.nanoTime() > deadline) throw new org.opentest4j.AssertionFailedError(uuid + " not online on every node within 10 s");
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new org.opentest4j.AssertionFailedError("interrupted", e);
                }
            }
        }
    }

    /** Closes every node and its clients. */
    @Override
    public void close() {
        nodes.forEach(TestServer::close);
    }
}
