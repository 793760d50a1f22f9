package dev.wroustr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RandomPoolTest {
    @Test
    void makesVersion4UuidsThatDoNotRepeat() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID uuid = RandomPool.uuid();
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(UUID.fromString(uuid.toString())).isEqualTo(uuid);
            assertThat(seen.add(uuid)).isTrue();
        }
    }

    @Test
    void fillsRequestsThatCrossTheEndOfABatch() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            byte[] bytes = new byte[700]; // past the pool's size at every other draw
            RandomPool.next(bytes);
            int zeros = 0;
            for (byte b : bytes) if (b == 0) zeros++;
            assertThat(zeros).isLessThan(30); // about 700/256 expected; a zeroed, reused part would show
            assertThat(seen.add(java.util.Arrays.toString(bytes))).isTrue();
        }
    }
}
