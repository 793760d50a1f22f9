package dev.wroustr.cli;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The counters and latency histogram of the connections on one event loop. Only that loop's
 * thread writes them, so recording costs no lock and no contention; other threads read the
 * counters for the progress line and copy the histogram by running a task on the loop.
 * Counters are {@link AtomicLong}s written with {@code lazySet} (a plain ordered store).
 */
final class BenchLoop {
    final EventLoop loop;
    final List<BenchConnection> connections = new ArrayList<>();
    final Histogram latencyMicros = new Histogram(3);
    /** Requests that count (sent in the measured window). */
    final AtomicLong sent = new AtomicLong();
    /** Replies to requests that count. */
    final AtomicLong received = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    /** Requests that count and still wait for a reply on an open connection. */
    final AtomicLong inFlight = new AtomicLong();
    /** Every reply, warmup included: for the progress line. */
    final AtomicLong replies = new AtomicLong();

    BenchLoop(EventLoop loop) {
        this.loop = loop;
    }

    static void increment(AtomicLong counter, long by) {
        counter.lazySet(counter.get() + by);
    }

    /** At a fixed rate: sends what each connection of this loop is due to send by now. */
    void tick() {
        long now = System.nanoTime();
        for (int i = 0; i < connections.size(); i++) connections.get(i).sendDue(now);
    }
}
