package dev.wroustr.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Broadcast throughput: N connections are open; the first sends {@code @BCAST #seq S #pad ...}
 * and the server delivers it to every connection. A broadcast is complete when every
 * connection but the sender has it (so a server that skips or includes the sender counts
 * alike); then the next one goes out, keeping {@code --inflight} broadcasts outstanding.
 *
 * <pre>java -cp benchmarks.jar dev.wroustr.benchmarks.BroadcastBench ws://127.0.0.1:9000/ \
 *     --connections 10000 --duration 10s --warmup 2s [--size 80] [--inflight 1] [--also ws://OTHER-NODE/]</pre>
 *
 * Prints one JSON object: deliveries and broadcasts per second over the measured window, and
 * the fan-out latency (from sending the trigger to the last delivery) in microseconds. A
 * broadcast not complete after 5 s counts as an error and is given up. Prints {@code measuring}
 * on standard error when the measured window starts.
 *
 * <p>Every connection lives on one event loop thread, which owns all the counting state; the
 * main thread only reads it through tasks on that loop.
 */
public final class BroadcastBench {
    private static final byte[] PREFIX = "@BCAST #seq ".getBytes(StandardCharsets.US_ASCII);
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private BroadcastBench() {}

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, "connections", "duration", "warmup", "size", "inflight", "concurrency", "also");
        if (flags.positional() == null) throw new IllegalArgumentException("usage: BroadcastBench ws://HOST:PORT/ --connections N");
        URI uri = URI.create(flags.positional());
        int connections = flags.integer("connections", 10_000);
        Duration duration = flags.duration("duration", Duration.ofSeconds(10));
        Duration warmup = flags.duration("warmup", Duration.ofSeconds(2));
        int size = flags.integer("size", 80);
        int inflight = flags.integer("inflight", 1);
        if (connections < 2) throw new IllegalArgumentException("--connections < 2: " + connections);
        if (inflight < 1) throw new IllegalArgumentException("--inflight < 1: " + inflight);

        EventLoopGroup group = Transport.group(1, 0);
        EventLoop loop = group.next();
        Run run = new Run(loop, size, inflight);
        try {
            String also = flags.string("also", null);
            int elsewhere = also == null ? 0 : connections / 2;
            ClientConnections.Opened first = ClientConnections.open(group, uri, connections - elsewhere,
                    flags.integer("concurrency", 256), () -> new Counter(run));
            // --also URL: half the connections there, another node of a cluster; the trigger stays on the first.
            ClientConnections.Opened opened = first;
            if (also != null) {
                ClientConnections.Opened more = ClientConnections.open(group, URI.create(also), elsewhere,
                        flags.integer("concurrency", 256), () -> new Counter(run));
                List<Channel> both = new ArrayList<>(first.channels());
                both.addAll(more.channels());
                opened = new ClientConnections.Opened(both, first.failed() + more.failed(), first.millis() + more.millis());
            }
            ClientConnections.Opened all = opened;
            if (opened.channels().size() < 2) {
                throw new IllegalStateException("only " + opened.channels().size() + " connections opened, "
                        + opened.failed() + " failed");
            }
            if (opened.failed() > 0) {
                System.err.println("warning: " + opened.failed() + " of " + connections + " connections failed to open");
            }
            loop.submit(() -> run.start(all.channels().get(0), all.channels().size() - 1)).get();
            Thread.sleep(warmup.toMillis());
            loop.submit(run::beginMeasuring).get();
            // bench/run.sh samples the server's CPU from this line on.
            System.err.println("measuring");
            System.err.flush();
            Thread.sleep(duration.toMillis());
            Result result = loop.submit(run::endMeasuring).get();
            System.out.println(result.json(uri, opened, size, inflight));
            ClientConnections.closeAll(opened.channels(), Duration.ofSeconds(10));
        } catch (ExecutionException e) {
            throw new IllegalStateException("broadcast run failed", e.getCause());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** The counts of the measured window, copied off the event loop. */
    private record Result(double seconds, long broadcasts, long deliveries, long errors, long[] latencyNanos) {
        String json(URI uri, ClientConnections.Opened opened, int size, int inflight) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT,
                    "{\"url\":\"%s\",\"connections\":%d,\"failedConnections\":%d,\"inflight\":%d,\"size\":%d,"
                            + "\"durationSeconds\":%.3f,\"broadcasts\":%d,\"deliveries\":%d,\"errors\":%d,"
                            + "\"deliveriesPerSecond\":%.1f,\"broadcastsPerSecond\":%.1f,"
                            + "\"latencyMicros\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f}}",
                    uri, opened.channels().size(), opened.failed(), inflight, size,
                    seconds, broadcasts, deliveries, errors,
                    deliveries / seconds, broadcasts / seconds,
                    micros(sorted, 0.50), micros(sorted, 0.90), micros(sorted, 0.99), micros(sorted, 0.999),
                    micros(sorted, 1.0));
        }

        private static double micros(long[] sorted, double quantile) {
            if (sorted.length == 0) return 0;
            int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1_000.0;
        }
    }

    /** All the state of one run; touched only on {@link #loop}. */
    private static final class Run {
        private final EventLoop loop;
        private final int size;
        private final int inflight;
        // A ring of outstanding broadcasts, indexed by seq; slotSeq guards against a late
        // delivery of a broadcast that was given up landing on the one now in its slot.
        private final long[] slotSeq;
        private final long[] sentAt;
        private final int[] remaining;
        private final int mask;

        private Channel trigger;
        private int expected;
        private long nextSeq;
        private boolean sending;
        private boolean measuring;
        private long windowStart;
        private long broadcasts;
        private long deliveries;
        private long errors;
        private long[] latencies = new long[1024];
        private int latencyCount;
        private ScheduledFuture<?> reaper;

        Run(EventLoop loop, int size, int inflight) {
            this.loop = loop;
            this.size = size;
            this.inflight = inflight;
            int ring = Integer.highestOneBit(Math.max(64, inflight * 4) - 1) << 1;
            this.slotSeq = new long[ring];
            this.sentAt = new long[ring];
            this.remaining = new int[ring];
            this.mask = ring - 1;
            Arrays.fill(slotSeq, -1);
        }

        void start(Channel trigger, int expected) {
            this.trigger = trigger;
            this.expected = expected;
            this.sending = true;
            for (int i = 0; i < inflight; i++) send();
            reaper = loop.scheduleAtFixedRate(this::giveUpLate, 200, 200, TimeUnit.MILLISECONDS);
        }

        void beginMeasuring() {
            measuring = true;
            windowStart = System.nanoTime();
        }

        Result endMeasuring() {
            double seconds = (System.nanoTime() - windowStart) / 1e9;
            measuring = false;
            sending = false;
            reaper.cancel(false);
            return new Result(seconds, broadcasts, deliveries, errors, Arrays.copyOf(latencies, latencyCount));
        }

        private void send() {
            long seq = nextSeq++;
            int slot = (int) (seq & mask);
            if (slotSeq[slot] >= 0) {
                // The ring is full of broadcasts the server never finished: treat the oldest as lost.
                count(1);
            }
            slotSeq[slot] = seq;
            remaining[slot] = expected;
            sentAt[slot] = System.nanoTime();
            trigger.writeAndFlush(new TextWebSocketFrame(text(seq)));
        }

        private void count(long errorCount) {
            if (measuring) errors += errorCount;
        }

        private String text(long seq) {
            StringBuilder text = new StringBuilder(size + 8).append("@BCAST #seq ").append(seq).append(" #pad ");
            do text.append('x'); while (text.length() < size);
            return text.toString();
        }

        void delivered(Channel channel, long seq) {
            if (channel == trigger || seq < 0) return; // the sender's own copy, if the server sends one
            int slot = (int) (seq & mask);
            if (slotSeq[slot] != seq) return; // given up already
            if (measuring) deliveries++;
            if (--remaining[slot] > 0) return;
            slotSeq[slot] = -1;
            long now = System.nanoTime();
            if (measuring && sentAt[slot] >= windowStart) {
                broadcasts++;
                if (latencyCount == latencies.length) latencies = Arrays.copyOf(latencies, latencyCount * 2);
                latencies[latencyCount++] = now - sentAt[slot];
            }
            if (sending) send();
        }

        void lost() {
            count(1);
        }

        private void giveUpLate() {
            long now = System.nanoTime();
            for (int slot = 0; slot < slotSeq.length; slot++) {
                if (slotSeq[slot] >= 0 && now - sentAt[slot] > GIVE_UP_NANOS) {
                    slotSeq[slot] = -1;
                    count(1);
                    if (sending) send();
                }
            }
        }
    }

    /** Reads the seq off each delivery without decoding the text. */
    private static final class Counter extends ChannelInboundHandlerAdapter {
        private final Run run;

        Counter(Run run) {
            this.run = run;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame frame) run.delivered(ctx.channel(), seq(frame.content()));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            run.lost();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        /** The number after {@code @BCAST #seq }, or -1 if the text is anything else. */
        private static long seq(ByteBuf content) {
            int i = content.readerIndex();
            int end = content.writerIndex();
            if (end - i <= PREFIX.length) return -1;
            for (byte b : PREFIX) {
                if (content.getByte(i++) != b) return -1;
            }
            long seq = 0;
            int digits = 0;
            for (; i < end; i++, digits++) {
                byte b = content.getByte(i);
                if (b < '0' || b > '9') break;
                seq = seq * 10 + (b - '0');
            }
            return digits == 0 ? -1 : seq;
        }
    }
}
