package dev.wroustr.cli;

import java.net.URI;
import java.time.Duration;

/**
 * What one {@code bench} run does: the server, how many connections, how messages are paced
 * ({@code rate == 0}: closed loop with {@code pipeline} messages in flight per connection;
 * {@code rate > 0}: that many messages per second in total, whatever the replies do), and how
 * long it measures after warming up.
 */
record BenchConfig(
        URI url,
        int connections,
        int pipeline,
        long rate,
        int size,
        String route,
        Duration duration,
        Duration warmup,
        int threads,
        boolean insecure,
        boolean request,
        boolean resume) {

    BenchConfig {
        if (connections < 1) throw new IllegalArgumentException("connections < 1: " + connections);
        if (pipeline < 1) throw new IllegalArgumentException("pipeline < 1: " + pipeline);
        if (rate < 0) throw new IllegalArgumentException("rate < 0: " + rate);
        if (size < 1) throw new IllegalArgumentException("size < 1: " + size);
        if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration <= 0: " + duration);
        if (warmup.isNegative()) throw new IllegalArgumentException("warmup < 0: " + warmup);
        if (threads < 1) throw new IllegalArgumentException("threads < 1: " + threads);
    }

    boolean openLoop() {
        return rate > 0;
    }

    double durationSeconds() {
        return duration.toNanos() / 1e9;
    }
}
