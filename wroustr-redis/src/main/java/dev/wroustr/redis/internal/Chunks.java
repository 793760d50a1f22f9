package dev.wroustr.redis.internal;

import java.util.List;
import java.util.stream.IntStream;

/** Commands that name many keys or channels are cut in chunks: Redis is busy with each for a bounded time. */
final class Chunks {
    static final int SIZE = 1_000;

    private Chunks() {}

    static <T> List<List<T>> of(List<T> all) {
        int chunks = (all.size() + SIZE - 1) / SIZE;
        return IntStream.range(0, chunks)
                .mapToObj(i -> all.subList(i * SIZE, Math.min(all.size(), (i + 1) * SIZE)))
                .toList();
    }
}
