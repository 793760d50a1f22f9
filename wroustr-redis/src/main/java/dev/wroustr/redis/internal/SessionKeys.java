package dev.wroustr.redis.internal;

/**
 * The keys and channel of resumable sessions ({@link Sessions}), under the cluster's prefix.
 * A session's keys share one hash tag, its uuid, so that each script touches one slot:
 *
 * <ul>
 *   <li>{@code P:sess:{U}}: hash of session U: its lookup id, the hash of its secret's nonce, the
 *   node that holds it (owner), live or away, its identity, when its credentials expire, the
 *   last number given to a message sent to it (seq), how many of its client's messages were handled
 *   when it opened (0) or was last resumed
 *   <li>{@code P:sess:{U}:handled:N}: how many of its client's messages node N has handled while it
 *   held the session, written after each one (a plain {@code SET}, the cheapest write Redis has:
 *   one a message); a node that lost the session writes a key nobody reads
 *   <li>{@code P:sess:{U}:log}: stream of what was sent to it, id {@code SEQ-MARK} (MARK: a random
 *   number of the appender's, which tells apart two messages a failover gave one number), field {@code t}
 *   <li>{@code P:sess:{U}:rooms}: set of its rooms
 *   <li>{@code P:sess:{U}:renumbered}: set of the marks of messages numbered again after a failover
 *   <li>{@code P:slookup:{L}}: the uuid of the session whose secret starts with lookup id L
 *   <li>channel {@code P:sto:N}: to node N, the messages appended to its sessions
 *   ({@code U SEQ-MARK TEXT}), the word to let one go ({@code !release U}), and the word to repair one
 *   after a failover ({@code !repair U})
 * </ul>
 */
record SessionKeys(String prefix) {
    String hash(String uuid) {
        return prefix + "sess:{" + uuid + "}";
    }

    String log(String uuid) {
        return prefix + "sess:{" + uuid + "}:log";
    }

    String rooms(String uuid) {
        return prefix + "sess:{" + uuid + "}:rooms";
    }

    /** The marks of messages a repair numbered again after a failover (repair_session.lua). */
    String renumbered(String uuid) {
        return prefix + "sess:{" + uuid + "}:renumbered";
    }

    /** The four keys of a session, as its scripts take them. */
    String[] all(String uuid) {
        return new String[] {hash(uuid), log(uuid), rooms(uuid), renumbered(uuid)};
    }

    /** How many of the client's messages {@code node} has handled while it held the session. */
    String handled(String uuid, String node) {
        return prefix + "sess:{" + uuid + "}:handled:" + node;
    }

    String lookup(String lid) {
        return prefix + "slookup:{" + lid + "}";
    }

    String toNode(String node) {
        return prefix + "sto:" + node;
    }
}
