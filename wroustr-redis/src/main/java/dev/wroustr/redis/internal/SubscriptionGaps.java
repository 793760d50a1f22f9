package dev.wroustr.redis.internal;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The times this node could not hear: from a subscriber connection's drop (Redis cut it for its
 * output buffer, the network, a failover) until it hears every channel again. Whatever was
 * published to it meanwhile is gone from pub/sub; each gap is counted, logged, and handed to the
 * listeners once the node hears again, so that what keeps messages elsewhere (resume's streams)
 * can catch its sessions up, and the application can tell the others they may have missed some.
 */
public final class SubscriptionGaps {
    /** A gap: from the first drop to the moment every channel was heard again, and the local uuids then. */
    public record Gap(Instant cut, Instant back, Set<String> uuids) {}

    private static final Logger log = LoggerFactory.getLogger(SubscriptionGaps.class);

    private final String nodeId;
    private final List<Consumer<Gap>> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder drops = new LongAdder();
    // The first drop of the gap going on, or null when this node hears.
    private volatile Instant cut;

    SubscriptionGaps(String nodeId) {
        this.nodeId = nodeId;
    }

    /** Called when the gap is over, on the lease's thread, after presence is written again; must not block for long. */
    void listen(Consumer<Gap> listener) {
        listeners.add(listener);
    }

    /** A subscriber connection dropped (a Lettuce thread). */
    void dropped() {
        drops.increment();
        synchronized (this) {
            if (cut != null) return;
            cut = Instant.now();
        }
        log.warn("cluster node {}: Redis dropped its subscription ({} drops so far); what is published to it until it hears again is lost to it", nodeId, drops.sum());
    }

    /** This node hears every channel again (the lease's thread): the gap, if one was going on, goes to the listeners. */
    void heard(Set<String> uuids) {
        Instant from;
        synchronized (this) {
            from = cut;
            cut = null;
        }
        if (from == null) return;
        Gap gap = new Gap(from, Instant.now(), Set.copyOf(uuids));
        log.warn("cluster node {} hears again after {} ms; {} local connections may have missed messages",
                nodeId, gap.back().toEpochMilli() - from.toEpochMilli(), gap.uuids().size());
        for (Consumer<Gap> listener : listeners) {
            try {
                listener.accept(gap);
            } catch (RuntimeException e) {
                log.warn("cluster node {}: a subscription gap listener failed", nodeId, e);
            }
        }
    }

    /** Whether a gap is going on. */
    boolean open() {
        return cut != null;
    }

    long drops() {
        return drops.sum();
    }
}
