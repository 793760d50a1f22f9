package dev.wroustr.redis;

import dev.wroustr.Message;
import dev.wroustr.server.Delivery;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A time when this node could not hear the cluster: Redis dropped its subscription at
 * {@link #cut()} (an output buffer limit, the network, a failover) and it heard every channel
 * again at {@link #back()}. What other nodes sent to its connections meanwhile (sends to a uuid,
 * broadcasts, room sends) did not reach them, and nothing in Redis keeps it: {@link #tell} lets
 * the application say so to the connections that were open. See {@link RedisCluster#onSubscriptionGap}.
 */
public final class SubscriptionGap {
    private final Instant cut;
    private final Instant back;
    private final Set<String> uuids;
    private final Delivery local;

    SubscriptionGap(Instant cut, Instant back, Set<String> uuids, Delivery local) {
        this.cut = cut;
        this.back = back;
        this.uuids = uuids;
        this.local = local;
    }

    /** When Redis dropped the subscription. */
    public Instant cut() {
        return cut;
    }

    /** When this node heard every channel again. */
    public Instant back() {
        return back;
    }

    /** The uuids of this node's connections when it heard again: those that may have missed messages. */
    public Set<String> uuids() {
        return uuids;
    }

    /**
     * Queues {@code message} to each of {@link #uuids()} still open on this node, for example
     * {@code gap.tell(Message.route("@MISSED").param("since", gap.cut().toEpochMilli()))}.
     *
     * @return how many it was queued to
     */
    public int tell(Message message) {
        Objects.requireNonNull(message, "message");
        String text = message.toText();
        int told = 0;
        for (String uuid : uuids) if (local.sendTo(uuid, text)) told++;
        return told;
    }

    @Override
    public String toString() {
        return "SubscriptionGap[cut=" + cut + ", back=" + back + ", uuids=" + uuids.size() + "]";
    }
}
