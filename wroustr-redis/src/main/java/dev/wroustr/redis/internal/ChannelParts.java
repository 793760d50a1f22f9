package dev.wroustr.redis.internal;

import io.lettuce.core.cluster.SlotHash;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which of a node's {@link Keys#TO_NODE_PARTS} channels this node sends a uuid's messages on, on
 * a Redis Cluster. The parts' slots are spread evenly over the slots (a hash tag each, found
 * once, the same on every node), so that they spread over the masters, which hold ranges of
 * slots; and each uuid this node sends to gets the part this node uses least, visited in an
 * order that alternates between the ends of the slot range, from a place of this node's own: the
 * sends of one node to a few uuids spread over every master, as the sends to many do. A uuid
 * keeps its part until it is gone, so that what this node sends it keeps its order.
 */
final class ChannelParts {
    private static final int PARTS = Keys.TO_NODE_PARTS;
    private static final int MAX_KEPT = 100_000;
    /** The hash tag of each part: part {@code p}'s slot is in the middle half of the {@code p}th of {@link #PARTS} equal ranges. */
    static final String[] TAGS = tags();
    // 0, 16, 8, 24, 4, ...: each next part as far as can be from those before it.
    private static final int[] ORDER = bitReversed();

    private final int start = ThreadLocalRandom.current().nextInt(PARTS);
    private final Map<String, Integer> partOf = new ConcurrentHashMap<>();
    private final AtomicIntegerArray used = new AtomicIntegerArray(PARTS);

    /** The part {@code uuid}'s messages go over from this node. */
    int of(String uuid) {
        Integer part = partOf.get(uuid);
        if (part != null) return part;
        if (partOf.size() >= MAX_KEPT) {
            partOf.clear();
            for (int i = 0; i < PARTS; i++) used.set(i, 0);
        }
        return partOf.computeIfAbsent(uuid, key -> {
            int best = ORDER[start];
            for (int i = 1; i < PARTS; i++) {
                int candidate = ORDER[(start + i) % PARTS];
                if (used.get(candidate) < used.get(best)) best = candidate;
            }
            used.incrementAndGet(best);
            return best;
        });
    }

    /** {@code uuid} is gone: its part is free. */
    void forget(String uuid) {
        Integer part = partOf.remove(uuid);
        if (part != null) used.decrementAndGet(part);
    }

    private static String[] tags() {
        String[] tags = new String[PARTS];
        int range = SlotHash.SLOT_COUNT / PARTS, found = 0;
        for (int i = 0; found < PARTS; i++) {
            String tag = Integer.toString(i, 36);
            int slot = SlotHash.getSlot(tag);
            int part = slot / range, within = slot % range;
            if (part < PARTS && tags[part] == null && within >= range / 4 && within < range * 3 / 4) {
                tags[part] = tag;
                found++;
            }
        }
        return tags;
    }

    private static int[] bitReversed() {
        int bits = Integer.numberOfTrailingZeros(PARTS);
        int[] order = new int[PARTS];
        for (int i = 0; i < PARTS; i++) order[i] = Integer.reverse(i) >>> (32 - bits);
        return order;
    }
}
