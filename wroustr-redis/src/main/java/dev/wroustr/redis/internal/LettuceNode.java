package dev.wroustr.redis.internal;

import dev.wroustr.WroustrException;
import dev.wroustr.server.Delivery;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.util.internal.ThreadExecutorMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's place in the cluster: the {@link Delivery} the server uses, which reaches this
 * node's connections through the local delivery and the others' through Redis.
 *
 * <p>Local delivery never waits on Redis. Presence (who is where, who is in which room) is
 * written asynchronously as connections come and go, and tied to this node's lease: a node that
 * dies stops renewing it, and the survivors remove its connections when it expires. A write
 * that fails while Redis is away marks the presence dirty, and the next renewal writes it all
 * again from the local state, as it does when the lease was lost.
 */
public final class LettuceNode implements Delivery {
    private static final Logger log = LoggerFactory.getLogger(LettuceNode.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration SLOW = Duration.ofSeconds(5);
    private static final int MAX_CACHED = 100_000;
    private static final int MAX_QUEUED_COMMANDS = 100_000;

    private final Delivery local;
    private final Keys keys;
    private final Duration lease;
    private final long timeoutMillis;
    private final String nodeId = UUID.randomUUID().toString();
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final StatefulRedisConnection<String, String> publishing;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final Publisher publisher;
    private final ScheduledExecutorService renewals;
    // How many local members each room has, as far as subscriptions go: the room's channel is
    // subscribed from the first member to the last.
    private final Map<String, Integer> localRooms = new ConcurrentHashMap<>();
    // Where the uuids sent to lately live: a uuid never moves, so an entry holds until its
    // connection closes, which its node announces on the gone channel, or its node dies.
    private final Map<String, String> whereCache = new ConcurrentHashMap<>();
    // What network threads sent to uuids not in the cache, in order, while Redis is asked where they are.
    private final Map<String, List<String>> awaitingLookup = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final LongAdder failures = new LongAdder();
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    /**
     * Connects to Redis and joins the cluster.
     *
     * @throws WroustrException if Redis cannot be reached
     */
    public LettuceNode(String uri, String prefix, Duration lease, Duration timeout, Delivery local) {
        this.local = local;
        this.keys = new Keys(prefix);
        this.lease = lease;
        this.timeoutMillis = timeout.toMillis();
        RedisURI redisUri = RedisURI.create(uri);
        // Lettuce's own limit is generous; a handler waits only `timeout` (see query), while the
        // lease's thread and the start may wait for a busy Redis longer.
        redisUri.setTimeout(SLOW);
        this.client = RedisClient.create(redisUri);
        // While Redis is away a command fails at once instead of waiting in a queue that only
        // grows: a cross-node send says false, and the renewal writes presence again later.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // And a Redis that answers slowly cannot pile up commands without bound either.
                .requestQueueSize(MAX_QUEUED_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(SLOW))
                // Small commands, each waited on: Nagle's algorithm would hold them back.
                .socketOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .build());
        this.renewals = Executors.newSingleThreadScheduledExecutor(daemon("wroustr-redis-lease"));
        try {
            this.connection = client.connect();
            this.redis = connection.async();
            this.publishing = client.connect();
            this.subscriptions = client.connectPubSub();
        } catch (RuntimeException e) {
            shutDownThreads();
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw new WroustrException("cannot reach Redis at " + uri + ": " + e.getMessage(), e);
        }
        this.publisher = new Publisher(publishing, this::failed);
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received(channel, message);
            }
        });
        await(subscriptions.async().subscribe(keys.toNode(nodeId), keys.all(), keys.gone()));
        renew();
        long every = Math.max(100, lease.toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        log.info("wroustr cluster node {} on Redis {}", nodeId, redisUri.getHost() + ":" + redisUri.getPort());
    }

    /** This node's id, unique in the cluster. */
    public String nodeId() {
        return nodeId;
    }

    /** Whether the connections to Redis are up now (false while Lettuce reconnects after Redis went away). */
    public boolean isConnected() {
        return connection.isOpen() && publishing.isOpen() && subscriptions.isOpen();
    }

    /** How many Redis commands failed (Redis away, a timeout): each one was logged or counted. */
    public long failures() {
        return failures.sum();
    }

    // ---- Delivery ----

    @Override
    public boolean sendTo(String uuid, String text) {
        if (local.sendTo(uuid, text)) return true;
        if (uuid == null || !publishing.isOpen()) return false;
        String node = whereCache.get(uuid);
        if (node == null) {
            // A network thread (an inline handler's) must not wait for Redis: every connection
            // of the thread would wait with it.
            if (ThreadExecutorMap.currentExecutor() != null) return lookUpThenSend(uuid, text);
            node = query(redis.hget(keys.where(), uuid));
            if (node == null) return false;
            remember(uuid, node);
        }
        return publishTo(node, uuid, text);
    }

    private boolean publishTo(String node, String uuid, String text) {
        if (node.equals(nodeId)) return false;
        publisher.publish(keys.toNode(node), uuid + ' ' + text);
        return true;
    }

    private void remember(String uuid, String node) {
        if (whereCache.size() >= MAX_CACHED) whereCache.clear();
        whereCache.put(uuid, node);
    }

    /**
     * Queues {@code text} until Redis says where {@code uuid} lives, then publishes it and what
     * queued behind it, in order; dropped if the uuid is nowhere. Always true: the answer comes
     * later. The queue and the cache change together (inside {@code compute}), so a send that
     * finds the uuid cached goes out after everything queued before it.
     */
    private boolean lookUpThenSend(String uuid, String text) {
        String[] known = new String[1];
        boolean[] first = new boolean[1];
        awaitingLookup.compute(uuid, (key, texts) -> {
            if (texts == null) {
                known[0] = whereCache.get(key);
                if (known[0] != null) return null;
                texts = new ArrayList<>();
                first[0] = true;
            }
            texts.add(text);
            return texts;
        });
        if (known[0] != null) return publishTo(known[0], uuid, text);
        if (first[0]) {
            redis.hget(keys.where(), uuid).whenComplete((node, failure) -> {
                if (failure != null) failed();
                awaitingLookup.compute(uuid, (key, texts) -> {
                    if (node != null) {
                        for (String waiting : texts) publishTo(node, uuid, waiting);
                        remember(uuid, node);
                    }
                    return null;
                });
            });
        }
        return true;
    }

    @Override
    public int broadcast(String text) {
        int sent = local.broadcast(text);
        publisher.publish(keys.all(), nodeId + ' ' + text);
        return sent;
    }

    @Override
    public int sendToRoom(String room, String text, String except) {
        int sent = local.sendToRoom(room, text, except);
        publisher.publish(keys.roomChannel(room), nodeId + ' ' + (except == null ? "-" : except) + ' ' + text);
        return sent;
    }

    @Override
    public void opened(String uuid) {
        local.opened(uuid);
        write(redis.hset(keys.where(), uuid, nodeId));
        write(redis.sadd(keys.conns(nodeId), uuid));
    }

    @Override
    public void closed(String uuid, Set<String> rooms) {
        local.closed(uuid, rooms);
        publisher.publish(keys.gone(), uuid);
        write(redis.hdel(keys.where(), uuid));
        write(redis.srem(keys.conns(nodeId), uuid));
        for (String room : rooms) {
            write(redis.hdel(keys.room(room), uuid));
            memberLeft(room);
        }
    }

    @Override
    public void joined(String uuid, String room) {
        local.joined(uuid, room);
        write(redis.hset(keys.room(room), uuid, nodeId));
        localRooms.compute(room, (name, count) -> {
            if (count == null) {
                write(redis.sadd(keys.nodeRooms(nodeId), room));
                write(subscriptions.async().subscribe(keys.roomChannel(room)));
                return 1;
            }
            return count + 1;
        });
    }

    @Override
    public void left(String uuid, String room) {
        local.left(uuid, room);
        write(redis.hdel(keys.room(room), uuid));
        memberLeft(room);
    }

    private void memberLeft(String room) {
        // Inside compute, so a join racing the last leave subscribes after the unsubscribe, in order.
        localRooms.computeIfPresent(room, (name, count) -> {
            if (count > 1) return count - 1;
            write(redis.srem(keys.nodeRooms(nodeId), room));
            write(subscriptions.async().unsubscribe(keys.roomChannel(room)));
            return null;
        });
    }

    @Override
    public Set<String> connections() {
        Set<String> all = query(redis.hkeys(keys.where()).thenApply(Set::copyOf));
        return all != null ? all : local.connections();
    }

    @Override
    public boolean isOnline(String uuid) {
        if (local.isOnline(uuid)) return true;
        Boolean there = uuid == null ? null : query(redis.hexists(keys.where(), uuid));
        return there != null && there;
    }

    @Override
    public Set<String> rooms() {
        Set<String> nodes = query(redis.smembers(keys.nodes()));
        if (nodes == null || nodes.isEmpty()) return local.rooms();
        Set<String> rooms = query(redis.sunion(nodes.stream().map(keys::nodeRooms).toArray(String[]::new)));
        return rooms != null ? Set.copyOf(rooms) : local.rooms();
    }

    @Override
    public Set<String> members(String room) {
        Set<String> members = query(redis.hkeys(keys.room(room)).thenApply(Set::copyOf));
        return members != null ? members : local.members(room);
    }

    // ---- what other nodes publish ----

    private void received(String channel, String message) {
        if (channel.equals(keys.gone())) {
            whereCache.remove(message);
            return;
        }
        int space = message.indexOf(' ');
        if (space < 0) return;
        String head = message.substring(0, space);
        if (channel.equals(keys.toNode(nodeId))) {
            // Sent here for a uuid this node no longer holds: the sender kept where it lived past
            // its close (the announcement came before its lookup's answer, or while its
            // subscription was down). Announcing it again makes every node forget it.
            if (!local.sendTo(head, message.substring(space + 1)) && !local.isOnline(head)) publisher.publish(keys.gone(), head);
            return;
        }
        // A broadcast or a room send of this node reached its own connections already.
        if (head.equals(nodeId)) return;
        if (channel.equals(keys.all())) {
            local.broadcast(message.substring(space + 1));
            return;
        }
        String room = keys.roomOfChannel(channel);
        int second = message.indexOf(' ', space + 1);
        if (room == null || second < 0) return;
        String except = message.substring(space + 1, second);
        local.sendToRoom(room, message.substring(second + 1), except.equals("-") ? null : except);
    }

    // ---- the lease, and the presence of nodes that died ----

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            failed();
        }
    }

    /** Renews this node's lease; writes its presence again, once this node hears its channel, if the lease was lost or a write failed; clears dead nodes. */
    private void renew() {
        boolean created = "OK".equals(await(redis.set(keys.lease(nodeId), "1", SetArgs.Builder.nx().px(lease.toMillis()))));
        if (!created) await(redis.pexpire(keys.lease(nodeId), lease.toMillis()));
        if (created | dirty.getAndSet(false)) {
            // Presence sends other nodes here: after Redis restarts, the subscriptions' connection
            // may come back after this one, and what is published before it subscribes is lost.
            if (hearsItsChannel()) writePresence();
            else dirty.set(true);
        }
        Set<String> live = new HashSet<>();
        for (String node : await(redis.smembers(keys.nodes()))) {
            if (node.equals(nodeId) || await(redis.exists(keys.lease(node))) == 1) {
                live.add(node);
            } else {
                clearNode(node);
            }
        }
        whereCache.values().removeIf(node -> !live.contains(node));
    }

    private boolean hearsItsChannel() {
        Long subscribers = await(redis.pubsubNumsub(keys.toNode(nodeId))).get(keys.toNode(nodeId));
        return subscribers != null && subscribers > 0;
    }

    /** This node's presence in Redis made equal to its local state: what is missing written, what is stale removed. */
    private void writePresence() {
        await(redis.sadd(keys.nodes(), nodeId));
        Set<String> uuids = new HashSet<>(local.connections());
        for (String uuid : uuids) {
            write(redis.hset(keys.where(), uuid, nodeId));
            write(redis.sadd(keys.conns(nodeId), uuid));
        }
        for (String stale : await(redis.smembers(keys.conns(nodeId)))) {
            if (uuids.contains(stale)) continue;
            write(redis.hdel(keys.where(), stale));
            write(redis.srem(keys.conns(nodeId), stale));
        }
        Set<String> rooms = local.rooms();
        for (String room : rooms) {
            Set<String> members = local.members(room);
            for (String uuid : members) write(redis.hset(keys.room(room), uuid, nodeId));
            write(redis.sadd(keys.nodeRooms(nodeId), room));
            removeStaleMembers(room, nodeId, members);
        }
        for (String room : await(redis.smembers(keys.nodeRooms(nodeId)))) {
            if (rooms.contains(room)) continue;
            removeStaleMembers(room, nodeId, Set.of());
            write(redis.srem(keys.nodeRooms(nodeId), room));
        }
    }

    /** Removes a node that stopped renewing its lease: its uuids and its room memberships. */
    private void clearNode(String node) {
        log.info("cluster node {} stopped renewing its lease: clearing its connections", node);
        for (String uuid : await(redis.smembers(keys.conns(node)))) await(redis.hdel(keys.where(), uuid));
        for (String room : await(redis.smembers(keys.nodeRooms(node)))) removeStaleMembers(room, node, Set.of());
        await(redis.del(keys.conns(node), keys.nodeRooms(node)));
        await(redis.srem(keys.nodes(), node));
    }

    /** Removes from {@code room} the members {@code node} holds that are not in {@code keep}. */
    private void removeStaleMembers(String room, String node, Set<String> keep) {
        Map<String, String> members = await(redis.hgetall(keys.room(room)));
        for (Map.Entry<String, String> member : members.entrySet()) {
            if (member.getValue().equals(node) && !keep.contains(member.getKey())) await(redis.hdel(keys.room(room), member.getKey()));
        }
    }

    // ---- leaving ----

    /** Leaves the cluster: this node's presence and lease removed at once, then the connections closed. */
    public void close() {
        renewals.shutdownNow();
        try {
            clearNode(nodeId);
            await(redis.del(keys.lease(nodeId)));
        } catch (RuntimeException e) {
            log.debug("leaving the cluster: Redis did not answer ({}); the lease runs out instead", e.toString());
        }
        shutDownThreads();
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private void shutDownThreads() {
        renewals.shutdownNow();
    }

    // ---- talking to Redis ----

    /** A write that nobody waits for: a failure is counted and makes the next renewal write presence again. */
    private void write(CompletionStage<?> command) {
        command.whenComplete((result, failure) -> {
            if (failure != null) {
                dirty.set(true);
                failed();
            }
        });
    }

    /** A read on a handler's thread: its value, or null (counted) when Redis does not answer in time. */
    private <T> T query(CompletionStage<T> command) {
        try {
            return command.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed();
        }
        return null;
    }

    /** For the lease's own thread, and start and close: a failure is thrown. */
    private <T> T await(CompletionStage<T> command) {
        try {
            return command.toCompletableFuture().get(SLOW.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WroustrException("interrupted while waiting for Redis", e);
        } catch (Exception e) {
            throw new WroustrException("Redis did not answer: " + e, e);
        }
    }

    private void failed() {
        failures.increment();
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_EVERY_NANOS) {
            lastWarning = now;
            log.warn("cluster node {}: Redis commands fail ({} so far); cross-node delivery and presence wait for it", nodeId, failures.sum());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
