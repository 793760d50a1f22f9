package dev.wroustr.cli;

import io.netty.channel.EventLoop;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link BenchLoop} of each event loop of a bench run, made on first use. */
final class BenchLoops {
    private final ConcurrentHashMap<EventLoop, BenchLoop> byLoop = new ConcurrentHashMap<>();

    BenchLoop of(EventLoop loop) {
        return byLoop.computeIfAbsent(loop, BenchLoop::new);
    }

    Collection<BenchLoop> all() {
        return byLoop.values();
    }

    long replies() {
        long sum = 0;
        for (BenchLoop l : all()) sum += l.replies.get();
        return sum;
    }

    long errors() {
        long sum = 0;
        for (BenchLoop l : all()) sum += l.errors.get();
        return sum;
    }

    long inFlight() {
        long sum = 0;
        for (BenchLoop l : all()) sum += l.inFlight.get();
        return sum;
    }
}
