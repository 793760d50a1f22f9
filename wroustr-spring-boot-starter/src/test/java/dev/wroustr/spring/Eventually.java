package dev.wroustr.spring;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for what another thread makes true soon: a meter counted after a reply, health after Redis goes. */
final class Eventually {
    private Eventually() {}

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 15 s: " + what);
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
