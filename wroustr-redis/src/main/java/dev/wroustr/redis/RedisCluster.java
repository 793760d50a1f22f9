package dev.wroustr.redis;

import dev.wroustr.redis.internal.LettuceNode;
import dev.wroustr.server.Cluster;
import dev.wroustr.server.Delivery;
import dev.wroustr.server.SessionStore;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs a server as one node of a cluster on Redis: {@code sendTo} reaches a uuid on any node,
 * broadcasts and room sends reach every node's connections, and presence ({@code connections()},
 * {@code isOnline}, room members) spans them all. Handlers do not change.
 *
 * <pre>{@code
 * server.cluster(RedisCluster.connect("redis://127.0.0.1:6379"));
 * }</pre>
 *
 * <p>How it costs: a message to a uuid on another node is one publish to that node's channel,
 * not a broadcast every node filters, after a lookup of where the uuid lives that the node keeps
 * until the uuid's connection closes; a broadcast is one publish; a room send is one publish that
 * only nodes with members of the room subscribe to. Publishes that pile up under load go out in
 * batches, one write each, from the threads that make them.
 *
 * <p>A handler on a network thread ({@code inlineHandlers(true)}) never waits for Redis to send:
 * a {@code sendTo} to a uuid whose node is not yet known returns true at once, and the message
 * goes out, in order with what follows it, when Redis answers, or is dropped if the uuid is
 * nowhere. Presence reads ({@code connections()}, {@code isOnline}, room members) ask Redis and
 * wait up to {@link #timeout}: call them from handlers that may block.
 *
 * <p>When Redis is away, local delivery carries on; a {@code sendTo} to a uuid elsewhere returns
 * false, broadcasts reach this node only, and the failures are counted and logged. The client
 * reconnects by itself, and the node then writes its presence again. A node whose subscription
 * Redis cuts while staying up leaves presence until it hears again, so that a {@code sendTo} to
 * its clients returns false rather than publishing to nobody. A node that dies stops
 * renewing its lease ({@link #lease}, 3 s by default) and the others remove its connections
 * from presence when it runs out.
 *
 * <p>Behind Redis Sentinel ({@code redis-sentinel://} URIs), a failover is a Redis that goes away
 * and comes back elsewhere: the same as above, and then, until two leases after this node's
 * publishing connection is back, a {@code sendTo} to another node (off the network threads)
 * waits for Redis to say that node heard it, and returns false if none did. A publish in the
 * moment Redis dies, before the connection has seen it go, fails and is counted in
 * {@link #failures()}. One instance serves one server.
 */
public final class RedisCluster implements Cluster {
    private final String uri;
    private String prefix = "wroustr:";
    private Duration lease = Duration.ofSeconds(3);
    private Duration timeout = Duration.ofMillis(500);
    private volatile LettuceNode node;

    private RedisCluster(String uri) {
        this.uri = uri;
    }

    /**
     * A cluster on the Redis at {@code uri}, in Lettuce's forms: {@code redis://HOST:PORT}
     * ({@code rediss://} for TLS, with {@code /DB} and a password as Lettuce reads them), or a
     * master behind Redis Sentinel, {@code redis-sentinel://HOST:PORT,HOST:PORT/DB#MASTER}
     * ({@code rediss-sentinel://} for TLS), which every connection asks the sentinels for each
     * time it connects, so that it follows a failover. It connects when the server starts.
     */
    public static RedisCluster connect(String uri) {
        Objects.requireNonNull(uri, "uri");
        boolean sentinel = uri.startsWith("redis-sentinel://") || uri.startsWith("rediss-sentinel://");
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://") && !sentinel) {
            throw new IllegalArgumentException("Redis URI must start with redis://, rediss://, redis-sentinel:// or rediss-sentinel://: \"" + uri + "\"");
        }
        if (sentinel && (uri.indexOf('#') < 0 || uri.endsWith("#"))) {
            throw new IllegalArgumentException("a redis-sentinel:// URI names its master after '#': \"" + uri + "\"");
        }
        return new RedisCluster(uri);
    }

    /** What every key and channel starts with; clusters sharing one Redis need different ones. Default {@code wroustr:}. */
    public RedisCluster keyPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) throw new IllegalArgumentException("keyPrefix must not be empty");
        checkNotStarted();
        this.prefix = prefix;
        return this;
    }

    /**
     * How long a node stays in presence after it stops renewing its lease (it renews a third of
     * this apart): how long a dead node's clients seem online. Default 3 s; at least 300 ms.
     */
    public RedisCluster lease(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.toMillis() < 300) throw new IllegalArgumentException("lease must be at least 300 ms: " + lease);
        checkNotStarted();
        this.lease = lease;
        return this;
    }

    /** How long a handler waits for Redis (to find a uuid's node, to read presence) before giving up. Default 500 ms. */
    public RedisCluster timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1) throw new IllegalArgumentException("timeout must be at least 1 ms: " + timeout);
        checkNotStarted();
        this.timeout = timeout;
        return this;
    }

    /** This node's id in the cluster, or null before the server starts. */
    public String nodeId() {
        LettuceNode started = node;
        return started == null ? null : started.nodeId();
    }

    /** Whether this node's connections to Redis are up: false before the server starts and while Redis is away. */
    public boolean isConnected() {
        LettuceNode started = node;
        return started != null && started.isConnected();
    }

    /** How many Redis commands failed so far (Redis away, a timeout). */
    public long failures() {
        LettuceNode started = node;
        return started == null ? 0 : started.failures();
    }

    @Override
    public synchronized Delivery start(Delivery local) {
        if (node != null) throw new IllegalStateException("this RedisCluster serves a server already: make one per server");
        node = new LettuceNode(uri, prefix, lease, timeout, local);
        return node;
    }

    /**
     * Keeps sessions in Redis when the server has resume on, so that a client resumes on any node,
     * and a node's death loses nothing sent to its sessions (PROTOCOL.md section 11; see the
     * module's README for what survives a node's death).
     */
    @Override
    public SessionStore sessions(SessionStore.Host host, Duration window, int maxMessages) {
        LettuceNode started = node;
        if (started == null) throw new IllegalStateException("the cluster has not started");
        return started.sessions(host, window, maxMessages);
    }

    @Override
    public void close() {
        LettuceNode started = node;
        if (started != null) started.close();
    }

    private void checkNotStarted() {
        if (node != null) throw new IllegalStateException("the cluster has started: settings are fixed");
    }
}
