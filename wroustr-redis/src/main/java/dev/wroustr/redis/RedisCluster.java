package dev.wroustr.redis;

import dev.wroustr.redis.internal.LettuceNode;
import dev.wroustr.server.Cluster;
import dev.wroustr.server.Delivery;
import dev.wroustr.server.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * {@link #failures()}.
 *
 * <p>On a Redis Cluster ({@code redis-cluster://HOST:PORT,HOST:PORT}, the seeds), channels are
 * sharded ({@code SPUBLISH}/{@code SSUBSCRIBE}): a send to a node's uuid or to a room goes to
 * the one shard that owns its channel, so the cluster's pub/sub work spreads over its masters.
 * Presence keys share one hash tag ({@code {PREFIX}}), so they live on one shard. A master that
 * dies is, for the channels and keys of its slots, a Redis that goes away until its replica is
 * promoted; this node subscribes the channels again at their new master itself.
 *
 * <p>Whenever Redis drops this node's subscription (its output buffer limit, the network, a
 * failover), what was published to it meanwhile is lost to it: the drop is logged and counted
 * ({@link #subscriptionDrops()}), and once the node hears again the listeners of
 * {@link #onSubscriptionGap} are told, so that the application can tell its clients. So that a
 * flood cannot make Redis cut another node's subscription for its output buffer, a node
 * publishes only its share of the room the cluster's fullest subscriber has left under half of
 * Redis' {@code client-output-buffer-limit pubsub}: a handler whose publish finds none waits (at
 * most two leases), and its connection's socket is not read meanwhile; handlers on network
 * threads never wait. One instance serves one server.
 */
public final class RedisCluster implements Cluster {
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    private final String uri;
    private String prefix = "wroustr:";
    private Duration lease = Duration.ofSeconds(3);
    private Duration timeout = Duration.ofMillis(500);
    private final List<Consumer<SubscriptionGap>> gapListeners = new CopyOnWriteArrayList<>();
    private volatile LettuceNode node;

    private RedisCluster(String uri) {
        this.uri = uri;
    }

    /**
     * A cluster on the Redis at {@code uri}, in Lettuce's forms: {@code redis://HOST:PORT}
     * ({@code rediss://} for TLS, with {@code /DB} and a password as Lettuce reads them), or a
     * master behind Redis Sentinel, {@code redis-sentinel://HOST:PORT,HOST:PORT/DB#MASTER}
     * ({@code rediss-sentinel://} for TLS), which every connection asks the sentinels for each
     * time it connects, so that it follows a failover; or the seeds of a Redis Cluster,
     * {@code redis-cluster://HOST:PORT,HOST:PORT} (any of its nodes: the client learns the rest,
     * and follows failovers and slots that move). It connects when the server starts.
     */
    public static RedisCluster connect(String uri) {
        Objects.requireNonNull(uri, "uri");
        boolean sentinel = uri.startsWith("redis-sentinel://") || uri.startsWith("rediss-sentinel://");
        if (uri.startsWith("redis-cluster://")) {
            if (!uri.matches("redis-cluster://[^,:/@#]+:\\d+(,[^,:/@#]+:\\d+)*")) {
                throw new IllegalArgumentException("a redis-cluster:// URI lists seeds as HOST:PORT,HOST:PORT: \"" + uri + "\"");
            }
            return new RedisCluster(uri);
        }
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://") && !sentinel) {
            throw new IllegalArgumentException("Redis URI must start with redis://, rediss://, redis-sentinel://, rediss-sentinel:// or redis-cluster://: \"" + uri + "\"");
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

    /**
     * How many times Redis dropped this node's subscription so far (an output buffer limit, the
     * network, a failover): each a time when what was published to this node was lost to it.
     */
    public long subscriptionDrops() {
        LettuceNode started = node;
        return started == null ? 0 : started.subscriptionDrops();
    }

    /**
     * Calls {@code listener} each time this node hears again after Redis dropped its
     * subscription, with the local connections that may have missed messages: the application
     * tells them ({@link SubscriptionGap#tell}) where nothing can replay what they missed. On a
     * thread of the cluster's own, which it must not hold long; a listener that throws is logged.
     */
    public RedisCluster onSubscriptionGap(Consumer<SubscriptionGap> listener) {
        Objects.requireNonNull(listener, "listener");
        gapListeners.add(listener);
        return this;
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
        node.onHeardAgain(gap -> {
            SubscriptionGap told = new SubscriptionGap(gap.cut(), gap.back(), gap.uuids(), local);
            for (Consumer<SubscriptionGap> listener : gapListeners) {
                try {
                    listener.accept(told);
                } catch (RuntimeException e) {
                    // One listener's failure keeps no other from being told.
                    log.warn("a subscription gap listener failed", e);
                }
            }
        });
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
