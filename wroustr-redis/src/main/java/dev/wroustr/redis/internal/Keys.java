package dev.wroustr.redis.internal;

/**
 * Every Redis key and channel the cluster uses, under one prefix, so that clusters (and tests)
 * sharing a Redis do not see each other.
 *
 * <ul>
 *   <li>{@code P:nodes}: set of node ids; {@code P:lease:N}: node N's lease, a key that expires
 *   <li>{@code P:where}: hash uuid to the node holding it, the presence every sendTo looks up
 *   <li>{@code P:conns:N}: set of node N's uuids; {@code P:noderooms:N}: set of rooms N has members in
 *   <li>{@code P:room:R}: hash uuid to node, the members of room R
 *   <li>channels {@code P:to:N} (to node N's uuids), {@code P:all} (broadcasts), {@code P:roomch:R} (room sends),
 *   {@code P:gone} (uuids closed), {@code P:nodegone} (nodes whose presence was cleared)
 * </ul>
 */
record Keys(String prefix) {
    String nodes() {
        return prefix + "nodes";
    }

    String lease(String node) {
        return prefix + "lease:" + node;
    }

    String where() {
        return prefix + "where";
    }

    String conns(String node) {
        return prefix + "conns:" + node;
    }

    String nodeRooms(String node) {
        return prefix + "noderooms:" + node;
    }

    String room(String room) {
        return prefix + "room:" + room;
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
        return prefix + "nodegone";
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
