package dev.wroustr.redis.internal;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Every Redis key and channel the cluster uses, under one prefix, so that clusters (and tests)
 * sharing a Redis do not see each other.
 *
 * <p>On a Redis Cluster the keys ({@code D} below) are {@code {P}...}: they share one hash tag,
 * so that the scripts, which name room hashes they read from a set, and {@code SUNION} over the
 * nodes' room sets touch one slot and never fail with {@code CROSSSLOT}. That puts presence on
 * one shard; the channels, which carry the traffic, have no tag and spread over every shard
 * ({@code SPUBLISH}), but for the node-gone channel, which {@code clear_node.lua} publishes on
 * and so shares the keys' tag. A node's channel is cut in {@link #TO_NODE_PARTS} there,
 * {@code P:to:N:{T}} with a hash tag {@code T} each that spreads their slots evenly: the sends
 * to one node spread over the masters as the sends to many nodes do ({@link ChannelParts} picks
 * the part of each uuid), and those to one uuid keep their order on one channel. On one Redis, {@code D} is {@code P} and a node has one channel: the keys are as they were.
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

    /** Into how many channels a node's channel is cut on a Redis Cluster. */
    static final int TO_NODE_PARTS = 32;

    private boolean sharded() {
        return !data.equals(prefix);
    }

    /** Node {@code node}'s channel {@code part} ({@link ChannelParts}); on one Redis, its one channel. */
    String toNode(String node, int part) {
        String channel = prefix + "to:" + node;
        return sharded() ? channel + ":{" + ChannelParts.TAGS[part] + "}" : channel;
    }

    /** Every channel of node {@code node}: one, or on a Redis Cluster {@link #TO_NODE_PARTS}. */
    List<String> toNode(String node) {
        if (!sharded()) return List.of(prefix + "to:" + node);
        return IntStream.range(0, TO_NODE_PARTS).mapToObj(part -> toNode(node, part)).toList();
    }

    /** Whether {@code channel} is one of node {@code node}'s. */
    boolean isToNode(String channel, String node) {
        String head = prefix + "to:" + node;
        return channel.startsWith(head) && (channel.length() == head.length() || channel.charAt(head.length()) == ':');
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
