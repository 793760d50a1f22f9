package dev.wroustr.benchmarks;

import dev.wroustr.Message;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * The round trip of a direct message between two clients at a fixed rate: X sends
 * {@code @DM #to Y #seq N} to its server, Y's handler sends it back to X the same way, and X
 * takes the time from its send to the answer's arrival. With X and Y on two nodes of a
 * cluster, both legs cross nodes; on one server, neither does (the baseline).
 *
 * <pre>java -cp benchmarks.jar dev.wroustr.benchmarks.DmBench ws://X-SERVER/ ws://Y-SERVER/ \
 *     [--rate 1000 | --window W] [--duration 10s] [--warmup 3s] [--pairs 1]</pre>
 *
 * {@code --pairs N} shares the rate among N pairs of clients, in turn: as many uuids as a
 * server with many users has, rather than one (a Redis Cluster spreads a node's sends by uuid).
 *
 * {@code --window W} runs a closed loop instead of a rate: each pair keeps W DMs under way and
 * sends the next when one comes back, so answered/s is what the servers can do with no backlog
 * growing in their queues (an open loop above their capacity also measures the queues' growth).
 *
 * Prints one JSON object: messages/s answered and the round trip's percentiles in microseconds.
 */
public final class DmBench {
    private DmBench() {}

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, "rate", "duration", "warmup", "to", "pairs", "window");
        URI xServer = URI.create(flags.positional());
        URI yServer = URI.create(flags.string("to", flags.positional()));
        int rate = flags.integer("rate", 1000);
        Duration duration = flags.duration("duration", Duration.ofSeconds(10));
        Duration warmup = flags.duration("warmup", Duration.ofSeconds(3));
        int pairs = flags.integer("pairs", 1);
        int window = flags.integer("window", 0);

        ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
        AtomicLong seq = new AtomicLong();
        List<String> yUuids = new ArrayList<>();
        // The next DM to a Y: numbered, and its send time kept for the round trip.
        Function<String, Message> nextDmTo = to -> {
            long n = seq.incrementAndGet();
            sentAt.put(n, System.nanoTime());
            return Message.route("@DM").param("to", to).param("seq", n);
        };
        Recorder latencies = new Recorder(3);
        AtomicLong answered = new AtomicLong();
        // Both clients run their handlers on their network thread: the load adds no hand-off of
        // its own to the round trip it measures.
        List<Connector<Void>> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            ys.add(new Connector<Void>(yServer.toString(), null).reconnect(Reconnect.never()).executor(Runnable::run)
                    .route("@DM", (params, dispatcher, state) -> dispatcher.send(Message.route("@DM")
                            .param("to", params.require("from")).param("seq", params.require("seq")))));
            xs.add(new Connector<Void>(xServer.toString(), null).reconnect(Reconnect.never()).executor(Runnable::run)
                    .route("@DM", (params, dispatcher, state) -> {
                        Long at = sentAt.remove(params.getLong("seq"));
                        if (at == null) return;
                        latencies.recordValue(Math.max(1, (System.nanoTime() - at) / 1_000));
                        answered.incrementAndGet();
                        if (window > 0) dispatcher.send(nextDmTo.apply(params.require("from")));
                    }));
        }
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < pairs; i++) {
                ys.get(i).connect().get(10, TimeUnit.SECONDS);
                xs.get(i).connect().get(10, TimeUnit.SECONDS);
                yUuids.add(ys.get(i).uuid());
            }
            // The welcome gives Y its uuid; a cluster needs a moment to publish where it lives.
            Thread.sleep(500);
            if (window > 0) {
                for (int i = 0; i < pairs * window; i++) xs.get(i % pairs).send(nextDmTo.apply(yUuids.get(i % pairs)));
            } else {
                long periodNanos = 1_000_000_000L / rate;
                pacer.scheduleAtFixedRate(() -> {
                    // The pairs in turn, by the next number (only the pacer numbers, in this mode).
                    int pair = (int) ((seq.get() + 1) % pairs);
                    xs.get(pair).send(nextDmTo.apply(yUuids.get(pair)));
                }, 0, periodNanos, TimeUnit.NANOSECONDS);
            }
            Thread.sleep(warmup.toMillis());
            latencies.reset();
            long answeredBefore = answered.get();
            long start = System.nanoTime();
            Thread.sleep(duration.toMillis());
            Histogram measured = latencies.getIntervalHistogram();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT,
                    "{\"x\":\"%s\",\"y\":\"%s\",\"rate\":%d,\"window\":%d,\"durationSeconds\":%.3f,\"answeredPerSecond\":%.1f,"
                            + "\"latencyMicros\":{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"p999\":%d,\"max\":%d}}%n",
                    xServer, yServer, rate, window, seconds, (answered.get() - answeredBefore) / seconds,
                    measured.getValueAtPercentile(50), measured.getValueAtPercentile(90),
                    measured.getValueAtPercentile(99), measured.getValueAtPercentile(99.9), measured.getMaxValue());
        } finally {
            pacer.shutdownNow();
            xs.forEach(Connector::close);
            ys.forEach(Connector::close);
        }
    }
}
