package dev.wroustr.redis.internal;

/**
 * Every Redis key and channel the cluster uses, under one prefix, so that clusters (and tests)
 * sharing a Redis do not see each other.
 *
 * <p>On a Redis Cluster the keys ({@code D} below) are {@code {P}...}: they share one hash tag,
 * so that the scripts, which name room hashes they read from a set, and {@code SUNION} over the
 * nodes' room sets touch one slot and never fail with {@code CROSSSLOT}. That puts presence on
 * one shard; the channels, which carry the traffic, have no tag and spread over every shard
 * ({@code SPUBLISH}), but for the node-gone channel, which {@code clear_node.lua} publishes on
 * and so shares the keys' tag. On one Redis, {@code D} is {@code P}: the keys are as they were.
 *
 * <ul>
 *   <li>{@code D:nodes}: set of node ids; {@code D:lease:N}: node N's lease, a key that expires
 *   <li>{@code D:where}: hash uuid to the node holding it, the presence every sendTo looks up
 *   <li>{@code D:conns:N}: set of node N's uuids; {@code D:noderooms:N}: set of rooms N has members in
 *   <li>{@code D:room:R}: hash uuid to node, the members of room R
 *   <li>channels {@code P:to:N} (to node N's uuids), {@code P:all} (broadcasts), {@code P:roomch:R} (room sends),
 *   {@code P:gone} (uuids closed), {@code D:nodegone} (nodes whose presence was cleared)
 * </ul>
 */
record Keys(String prefix, String data) {
    /** Keys on one Redis. */
    Keys(String prefix) {
        this(prefix, prefix);
    }

    /** Keys on a Redis Cluster when {@code sharded}: every key under the hash tag {@code {prefix}}. */
    static Keys of(String prefix, boolean sharded) {
        return sharded ? new Keys(prefix, "{" + prefix + "}") : new Keys(prefix);
    }

    String nodes() {
        return data + "nodes";
    }

    String lease(String node) {
        return data + "lease:" + node;
    }

    String where() {
        return data + "where";
    }

    String conns(String node) {
        return data + "conns:" + node;
    }

    String nodeRooms(String node) {
        return data + "noderooms:" + node;
    }

    String room(String room) {
        return data + "room:" + room;
    }

    String toNode(String node) {
        return prefix + "to:" + node;
    }

    String all() {
        return prefix + "all";
    }

    /** Where a node says a uuid's connection closed, so that every node forgets where it was. */
    String gone() {
        return prefix + "gone";
    }

    /** Where the node that clears a node's presence says so, so that every node forgets where its uuids lived. */
    String nodeGone() {
        return data + "nodegone";
    }

    String roomChannel(String room) {
        return prefix + "roomch:" + room;
    }

    /** The room a room channel is for, or null if {@code channel} is not one. */
    String roomOfChannel(String channel) {
        String head = prefix + "roomch:";
        return channel.startsWith(head) ? channel.substring(head.length()) : null;
    }
}
