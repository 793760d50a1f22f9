package dev.wroustr.redis.internal;

import io.netty.util.internal.ThreadExecutorMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each uuid lives, for a {@code sendTo} to a uuid of another node: looked up in Redis once,
 * then kept until the uuid's connection closes, which its node announces on the gone channel, or
 * its node's presence is cleared (it died, or stopped hearing), which the node that clears it
 * announces on the node-gone channel.
 */
final class Locations {
    private static final int MAX_CACHED = 100_000;

    private final RedisLink redis;
    private final Keys keys;
    private final String nodeId;
    // Where the uuids sent to lately live: a uuid never moves, so an entry holds until its
    // connection closes, which its node announces on the gone channel, or its node dies.
    private final Map<String, String> whereCache = new ConcurrentHashMap<>();
    // What network threads sent to uuids not in the cache, in order, while Redis is asked where they are.
    private final Map<String, List<String>> awaitingLookup = new ConcurrentHashMap<>();
    // Which of a node's channels each uuid's messages go over, on a Redis Cluster: kept past the
    // locations forgotten, so that a uuid looked up again keeps its order.
    private final ChannelParts parts = new ChannelParts();

    Locations(RedisLink redis, Keys keys, String nodeId) {
        this.redis = redis;
        this.keys = keys;
        this.nodeId = nodeId;
    }

    /** Sends {@code text} to {@code uuid} on the node it lives on; false if it lives nowhere else, as far as this node can tell now. */
    boolean sendTo(String uuid, String text) {
        if (uuid == null || !redis.canPublish()) return false;
        String node = whereCache.get(uuid);
        if (node == null) {
            // A network thread (an inline handler's) must not wait for Redis: every connection
            // of the thread would wait with it.
            if (ThreadExecutorMap.currentExecutor() != null) return lookUpThenSend(uuid, text);
            node = redis.query(redis.commands().hget(keys.where(), uuid));
            if (node == null) return false;
            remember(uuid, node);
        }
        if (redis.unsettled() && !node.equals(nodeId) && ThreadExecutorMap.currentExecutor() == null) return publishHeard(node, uuid, text);
        return publishTo(node, uuid, text);
    }

    /** Publishes, and waits for Redis to say the node heard it: false, and the location forgotten, if none did. */
    private boolean publishHeard(String node, String uuid, String text) {
        Long heard = redis.query(redis.publishCounted(channel(node, uuid), uuid + ' ' + text));
        if (heard != null && heard > 0) return true;
        whereCache.remove(uuid);
        return false;
    }

    private boolean publishTo(String node, String uuid, String text) {
        if (node.equals(nodeId)) return false;
        redis.publish(channel(node, uuid), uuid + ' ' + text);
        return true;
    }

    /** The channel of {@code node} that this node's sends to {@code uuid} go over. */
    private String channel(String node, String uuid) {
        return keys.toNode(node, redis.sharded() ? parts.of(uuid) : 0);
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
            redis.commands().hget(keys.where(), uuid).whenComplete((node, failure) -> {
                if (failure != null) redis.failed();
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

    /** Tells every node that {@code uuid} is gone, so that none keeps where it lived. */
    void announceGone(String uuid) {
        redis.publish(keys.gone(), uuid);
    }

    /** What a node announced gone. */
    void forget(String uuid) {
        whereCache.remove(uuid);
        parts.forget(uuid);
    }

    /**
     * Forgets the uuids of a node whose presence was cleared. A lookup answered before the clear
     * and heard after this may keep one until the next renewal ({@link #keepOnly}).
     */
    void forgetNode(String node) {
        whereCache.values().removeIf(node::equals);
    }

    /** Forgets where every uuid lives: this node may have missed announcements that some are gone. */
    void forgetAll() {
        whereCache.clear();
    }

    /** Forgets the uuids of nodes not in {@code liveNodes}. */
    void keepOnly(Set<String> liveNodes) {
        whereCache.values().removeIf(node -> !liveNodes.contains(node));
    }
}
