package dev.wroustr.redis.internal;

import dev.wroustr.server.Delivery;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is where, and who is in which room, in Redis, tied to this node's lease.
 *
 * <p>Presence is written asynchronously as connections come and go, and read by handlers that
 * may wait. A node that dies stops renewing its lease, and the survivors remove its connections
 * when it expires. A write that fails while Redis is away marks the presence dirty, and the next
 * renewal writes it all again from the local state, as it does when the lease was lost.
 */
final class Presence {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    private static final LuaScript CLEAR_NODE = LuaScript.named("clear_node");
    private static final LuaScript LEAVE_ROOMS = LuaScript.named("leave_rooms");

    private final RedisLink link;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final Keys keys;
    private final String nodeId;
    private final Duration lease;
    private final Delivery local;
    private final Locations locations;
    private final Subscriptions subscriptions;
    private final SubscriptionGaps gaps;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(daemon("wroustr-redis-lease"));
    // Whether presence must be written again: the lease's thread only.
    private boolean dirty;
    // Whether presence left Redis as this node stopped hearing, and was not written again since;
    // the lease's thread only. Lettuce says the connection dropped at each reconnection that fails.
    private boolean withdrawn;

    Presence(RedisLink link, Keys keys, String nodeId, Duration lease, Delivery local, Locations locations, Subscriptions subscriptions,
             SubscriptionGaps gaps) {
        this.link = link;
        this.redis = link.commands();
        this.keys = keys;
        this.nodeId = nodeId;
        this.lease = lease;
        this.local = local;
        this.locations = locations;
        this.subscriptions = subscriptions;
        this.gaps = gaps;
    }

    /** Takes the lease and writes presence, then renews it a third of the lease apart. */
    void start() {
        renew();
        long every = Math.max(100, lease.toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    // ---- this node's connections and rooms, as they change ----

    void opened(String uuid) {
        link.write(redis.hset(keys.where(), uuid, nodeId));
        link.write(redis.sadd(keys.conns(nodeId), uuid));
    }

    void closed(String uuid) {
        link.write(redis.hdel(keys.where(), uuid));
        link.write(redis.srem(keys.conns(nodeId), uuid));
    }

    /**
     * A connection closed, leaving {@code rooms}; this node has no member left in {@code lost}.
     * A thousand rooms a script ({@code leave_rooms.lua}), however many it was in: each command
     * a room would take could overflow the command queue, and a failed one left it a member.
     */
    void leftAll(String uuid, Set<String> rooms, Set<String> lost) {
        for (List<String> chunk : Chunks.of(List.copyOf(rooms))) {
            List<String> args = new ArrayList<>(3 + chunk.size() * 2);
            args.add(uuid);
            args.add(keys.room(""));
            args.add(Integer.toString(chunk.size()));
            args.addAll(chunk);
            for (String room : chunk) if (lost.contains(room)) args.add(room);
            link.write(LEAVE_ROOMS.run(redis, ScriptOutputType.INTEGER, new String[] {keys.nodeRooms(nodeId)}, args.toArray(String[]::new)));
        }
    }

    void joined(String uuid, String room) {
        link.write(redis.hset(keys.room(room), uuid, nodeId));
    }

    void left(String uuid, String room) {
        link.write(redis.hdel(keys.room(room), uuid));
    }

    /** This node has a member of {@code room} now, and had none. */
    void roomGained(String room) {
        link.write(redis.sadd(keys.nodeRooms(nodeId), room));
    }

    /** This node's last member of {@code room} left it. */
    void roomLost(String room) {
        link.write(redis.srem(keys.nodeRooms(nodeId), room));
    }

    /**
     * This node hears nothing sent to it (its subscriber connection dropped): its presence leaves
     * Redis, on the lease's thread, so that a {@code sendTo} to its uuids says false instead of
     * publishing to nobody; the renewal writes it again once the node hears its channel.
     */
    void withdraw() {
        try {
            renewals.execute(this::withdrawNow);
        } catch (RejectedExecutionException e) {
            // Closing: the presence is being removed anyway.
        }
    }

    private void withdrawNow() {
        if (withdrawn) return;
        log.warn("cluster node {}: its subscription to Redis dropped; its connections leave presence until it hears again", nodeId);
        dirty = true;
        try {
            // Other nodes, which may know where its uuids live, hear that it is gone.
            clearNode(nodeId);
            withdrawn = true;
        } catch (RuntimeException e) {
            link.failed();
        }
    }

    // ---- reads, on handlers' threads: the local state when Redis does not answer ----

    Set<String> connections() {
        Set<String> all = link.query(redis.hkeys(keys.where()).thenApply(Set::copyOf));
        return all != null ? all : local.connections();
    }

    /** Whether {@code uuid} is online on any node, as Redis says. */
    boolean isOnline(String uuid) {
        Boolean there = uuid == null ? null : link.query(redis.hexists(keys.where(), uuid));
        return there != null && there;
    }

    Set<String> rooms() {
        Set<String> nodes = link.query(redis.smembers(keys.nodes()));
        if (nodes == null || nodes.isEmpty()) return local.rooms();
        Set<String> rooms = link.query(redis.sunion(nodes.stream().map(keys::nodeRooms).toArray(String[]::new)));
        return rooms != null ? Set.copyOf(rooms) : local.rooms();
    }

    Set<String> members(String room) {
        Set<String> members = link.query(redis.hkeys(keys.room(room)).thenApply(Set::copyOf));
        return members != null ? members : local.members(room);
    }

    // ---- the lease, and the presence of nodes that died ----

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            link.failed();
        }
    }

    /** Renews this node's lease; writes its presence again, once this node hears its channel, if the lease was lost or a write failed; clears dead nodes. */
    private void renew() {
        boolean created = "OK".equals(link.await(redis.set(keys.lease(nodeId), "1", SetArgs.Builder.nx().px(lease.toMillis()))));
        if (!created) link.await(redis.pexpire(keys.lease(nodeId), lease.toMillis()));
        if (created | link.takeWriteFailure() | dirty) {
            // Dirty until written: a renewal that fails partway leaves the rest to the next.
            dirty = true;
            // Presence sends other nodes here: after Redis restarts, the subscriptions' connection
            // may come back after this one, and what is published before it subscribes is lost.
            // A room subscribe that failed marked presence dirty as a write does.
            if (subscriptions.heal()) {
                writePresence();
                dirty = false;
                gaps.heard(local.connections());
            } else {
                // Redis came back (a restart, a replica promoted) with this node's presence in
                // it, and the withdrawal when the subscription dropped failed: others would
                // publish to nobody.
                withdrawNow();
            }
        }
        Set<String> live = new HashSet<>();
        for (String node : link.await(redis.smembers(keys.nodes()))) {
            if (node.equals(nodeId) || link.await(redis.exists(keys.lease(node))) == 1) {
                live.add(node);
            } else {
                log.info("cluster node {} stopped renewing its lease: clearing its connections", node);
                clearNode(node);
            }
        }
        locations.keepOnly(live);
    }

    /** This node's presence in Redis made equal to its local state: what is missing written, what is stale removed. */
    private void writePresence() {
        withdrawn = false;
        link.await(redis.sadd(keys.nodes(), nodeId));
        Set<String> uuids = new HashSet<>(local.connections());
        for (String uuid : uuids) opened(uuid);
        for (String stale : link.await(redis.smembers(keys.conns(nodeId)))) {
            if (!uuids.contains(stale)) closed(stale);
        }
        Set<String> rooms = local.rooms();
        Map<String, Set<String>> membersOf = new HashMap<>();
        for (String room : rooms) {
            Set<String> members = local.members(room);
            membersOf.put(room, members);
            for (String uuid : members) joined(uuid, room);
            roomGained(room);
            removeStaleMembers(room, nodeId, members);
        }
        for (String room : link.await(redis.smembers(keys.nodeRooms(nodeId)))) {
            if (rooms.contains(room)) continue;
            removeStaleMembers(room, nodeId, Set.of());
            roomLost(room);
        }
        undoWhatClosedMeanwhile(uuids, membersOf);
    }

    /**
     * What closed or left while presence was written again, after the snapshot it was written
     * from, may have been written back after its own removal: removed once more, after. What
     * closes from now on removes itself after these writes, on the same connection.
     */
    private void undoWhatClosedMeanwhile(Set<String> uuids, Map<String, Set<String>> membersOf) {
        Set<String> open = local.connections();
        for (String uuid : uuids) if (!open.contains(uuid)) closed(uuid);
        Set<String> rooms = local.rooms();
        for (Map.Entry<String, Set<String>> room : membersOf.entrySet()) {
            Set<String> members = rooms.contains(room.getKey()) ? local.members(room.getKey()) : Set.of();
            for (String uuid : room.getValue()) if (!members.contains(uuid)) left(uuid, room.getKey());
            if (members.isEmpty()) roomLost(room.getKey());
        }
    }

    /** Removes a node's presence (its uuids and its room memberships) and tells every node it is gone: {@code clear_node.lua}. */
    private void clearNode(String node) {
        link.await(CLEAR_NODE.run(redis, ScriptOutputType.INTEGER,
                new String[] {keys.where(), keys.conns(node), keys.nodeRooms(node), keys.nodes()},
                node, keys.room(""), keys.nodeGone(), link.sharded() ? "SPUBLISH" : "PUBLISH"));
    }

    /** Removes from {@code room} the members {@code node} holds that are not in {@code keep}. */
    private void removeStaleMembers(String room, String node, Set<String> keep) {
        Map<String, String> members = link.await(redis.hgetall(keys.room(room)));
        for (Map.Entry<String, String> member : members.entrySet()) {
            if (member.getValue().equals(node) && !keep.contains(member.getKey())) link.await(redis.hdel(keys.room(room), member.getKey()));
        }
    }

    /** Stops renewing, and removes this node's presence and lease at once rather than when the lease runs out. */
    void close() {
        renewals.shutdownNow();
        try {
            clearNode(nodeId);
            link.await(redis.del(keys.lease(nodeId)));
        } catch (RuntimeException e) {
            log.debug("leaving the cluster: Redis did not answer ({}); the lease runs out instead", e.toString());
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
