package dev.wroustr.cli;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A value read at most once a second: for the demo's lists that, in a cluster, read every
 * room from Redis. One reader at a time; those asking meanwhile get its answer rather than
 * reading too.
 */
final class OnceASecond<T> {
    private final Supplier<T> read;
    private volatile T value;
    private volatile long readAt;

    OnceASecond(Supplier<T> read) {
        this.read = read;
    }

    T get() {
        T fresh = fresh();
        return fresh != null ? fresh : readNow();
    }

    private T fresh() {
        T cached = value;
        return cached != null && System.nanoTime() - readAt < TimeUnit.SECONDS.toNanos(1) ? cached : null;
    }

    private synchronized T readNow() {
        T fresh = fresh();
        if (fresh != null) return fresh;
        long now = System.nanoTime();
        T answer = read.get();
        value = answer;
        readAt = now;
        return answer;
    }
}
