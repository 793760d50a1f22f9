package dev.wroustr.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a node's sends to uuids spread over another node's 32 channels, and so over the masters of a Redis Cluster. */
class ChannelPartsTest {
    @Test
    void eachPartsSlotIsInItsOwnThirtySecondOfTheSlots() {
        for (int part = 0; part < Keys.TO_NODE_PARTS; part++) {
            assertThat(SlotHash.getSlot(ChannelParts.TAGS[part]) / (SlotHash.SLOT_COUNT / Keys.TO_NODE_PARTS)).isEqualTo(part);
        }
        assertThat(SlotHash.getSlot(new Keys("p:", "{p:}").toNode("node", 7))).isEqualTo(SlotHash.getSlot(ChannelParts.TAGS[7]));
    }

    @Test
    void aFewUuidsSpreadEvenlyOverThreeMastersAndEachKeepsItsPart() {
        ChannelParts parts = new ChannelParts();
        Map<Integer, Integer> perMaster = new HashMap<>();
        Map<String, Integer> chosen = new HashMap<>();
        for (int i = 0; i < 16; i++) {
            String uuid = UUID.randomUUID().toString();
            int part = parts.of(uuid);
            chosen.put(uuid, part);
            // Three masters of equal slot ranges, as redis-cli --cluster create makes them.
            perMaster.merge(SlotHash.getSlot(ChannelParts.TAGS[part]) * 3 / SlotHash.SLOT_COUNT, 1, Integer::sum);
        }
        // 16 over 3: 5 or 6 each, or 6, 4, 6 from a few of the 32 places a node starts from.
        assertThat(perMaster.values()).allSatisfy(count -> assertThat(count).isBetween(4, 6));
        chosen.forEach((uuid, part) -> assertThat(parts.of(uuid)).isEqualTo(part));
        // A uuid gone frees its part for the next.
        String gone = chosen.keySet().iterator().next();
        parts.forget(gone);
        assertThat(parts.of(UUID.randomUUID().toString())).isEqualTo(chosen.get(gone));
    }
}
