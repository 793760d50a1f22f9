package dev.wroustr.benchmarks;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cycle of {@code bench/soak.sh} against {@code wroustr demo} (one node, or two on one Redis):
 * opens {@code --connections} connections, split between the URLs, each from one of
 * {@code --addresses} loopback addresses (127.0.0.2 and up, so the demo's limits per client
 * address see many clients); each joins a room ({@code @ROOM-JOIN}) and asks the time
 * ({@code @TIME}), both as requests; one in {@code --talk-every} takes a name ({@code @JOIN}),
 * says something to everyone ({@code @SAY}) and to its room ({@code @ROOM-SAY}); one in ten is cut
 * (TCP reset) right after sending, before its answers (what it still gets is not counted). Once every answer has come and the
 * broadcasts are quiet, a third of the rest close with a close frame, a third with a bare TCP
 * close, a third with a reset.
 *
 * <pre>java -cp benchmarks.jar dev.wroustr.benchmarks.SoakCycle ws://127.0.0.1:9000/ [--also ws://127.0.0.1:9001/] \
 *     [--connections 2000] [--addresses 50] [--rooms 20] [--talk-every 50]</pre>
 *
 * Prints one JSON line: what was opened, answered, received, and how the connections ended.
 */
public final class SoakCycle {
    private SoakCycle() {}

    /** What every connection of the cycle received, by kind. */
    private static final class Counts {
        final AtomicInteger time = new AtomicInteger();
        final AtomicInteger roomJoined = new AtomicInteger();
        final AtomicInteger said = new AtomicInteger();
        final AtomicInteger roomSaid = new AtomicInteger();
        final AtomicInteger joined = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();
        final AtomicInteger closedByServer = new AtomicInteger();
        /** Broadcasts (@SAID, @JOINED) a connection got a second time: each is sent once per talker. */
        final AtomicInteger duplicates = new AtomicInteger();

        int total() {
            return time.get() + roomJoined.get() + said.get() + roomSaid.get() + joined.get() + other.get();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Flags flags = Flags.parse(args, "also", "connections", "addresses", "rooms", "talk-every");
        if (flags.positional() == null) throw new IllegalArgumentException("usage: SoakCycle ws://HOST:PORT/ [--also ws://HOST:PORT/]");
        List<URI> urls = new ArrayList<>(List.of(URI.create(flags.positional())));
        if (flags.string("also", null) != null) urls.add(URI.create(flags.string("also", null)));
        int connections = flags.integer("connections", 2_000);
        int addresses = flags.integer("addresses", 50);
        int rooms = flags.integer("rooms", 20);
        int talkEvery = flags.integer("talk-every", 50);
        Counts counts = new Counts();
        EventLoopGroup group = Transport.group(1, 0);
        long start = System.nanoTime();
        try {
            List<Channel> channels = new ArrayList<>();
            int failed = 0;
            for (int u = 0; u < urls.size(); u++) {
                int share = connections / urls.size() + (u < connections % urls.size() ? 1 : 0);
                int offset = u;
                ClientConnections.Opened opened = ClientConnections.open(group, urls.get(u), share, 64,
                        () -> new Peer(counts), i -> new InetSocketAddress("127.0.0." + (2 + (i * urls.size() + offset) % addresses), 0));
                channels.addAll(opened.channels());
                failed += opened.failed();
            }
            int kept = 0;
            int talkers = 0;
            List<Channel> cutEarly = new ArrayList<>();
            // Marked before anyone talks: a broadcast may reach a connection before its own turn below.
            for (int i = 9; i < channels.size(); i += 10) channels.get(i).pipeline().get(Peer.class).cut = true;
            for (int i = 0; i < channels.size(); i++) {
                Channel channel = channels.get(i);
                String room = "soak-" + (i % rooms);
                channel.write(text("@ROOM-JOIN #$id 1 #room " + room));
                channel.write(text("@TIME #$id 2"));
                if (i % talkEvery == 0) {
                    channel.write(text("@JOIN #name soak-" + i));
                    channel.write(text("@SAY #text 'hello from " + i + "'"));
                    channel.write(text("@ROOM-SAY #room " + room + " #text hi"));
                    talkers++;
                }
                channel.flush();
                if (i % 10 == 9) cutEarly.add(channel);
                else kept++;
            }
            for (Channel channel : cutEarly) reset(channel);
            // Every kept connection answered twice; then wait for the broadcasts to go quiet.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && (counts.time.get() < kept || counts.roomJoined.get() < kept)) Thread.sleep(50);
            int seen = -1;
            while (System.nanoTime() < deadline && counts.total() != seen) {
                seen = counts.total();
                Thread.sleep(500);
            }
            int closedByServer = counts.closedByServer.get();
            List<Channel> ending = new ArrayList<>(channels);
            ending.removeAll(cutEarly);
            for (int i = 0; i < ending.size(); i++) {
                Channel channel = ending.get(i);
                switch (i % 3) {
                    case 0 -> channel.writeAndFlush(new CloseWebSocketFrame(1000, "soak"));
                    case 1 -> channel.close();
                    default -> reset(channel);
                }
            }
            ClientConnections.closeAll(ending, Duration.ofSeconds(15));
            System.out.printf("{\"connections\":%d,\"opened\":%d,\"failed\":%d,\"cutEarly\":%d,\"kept\":%d,\"talkers\":%d,"
                            + "\"timeReplies\":%d,\"roomJoinedReplies\":%d,\"joined\":%d,\"said\":%d,\"roomSaid\":%d,\"other\":%d,"
                            + "\"duplicates\":%d,\"closedByServerBeforeTheEnd\":%d,\"millis\":%d}%n",
                    connections, channels.size(), failed, cutEarly.size(), kept, talkers, counts.time.get(), counts.roomJoined.get(),
                    counts.joined.get(), counts.said.get(), counts.roomSaid.get(), counts.other.get(), counts.duplicates.get(), closedByServer,
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }

    private static TextWebSocketFrame text(String text) {
        return new TextWebSocketFrame(text);
    }

    /** A TCP reset: no close frame, no FIN, what a client that loses its network leaves the server with. */
    private static void reset(Channel channel) {
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
    }

    /** Counts what arrives by route; the server's close frames are answered by Netty's protocol handler. */
    private static final class Peer extends ChannelInboundHandlerAdapter {
        private final Counts counts;
        /** Cut on purpose: what it still gets is not counted, so the counts are the kept connections'. */
        volatile boolean cut;
        private final Set<String> broadcasts = new HashSet<>();

        Peer(Counts counts) {
            this.counts = counts;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame frame && !cut) count(frame.text());
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void count(String text) {
            int end = text.indexOf(' ');
            String route = end < 0 ? text : text.substring(0, end);
            if ((route.equals("@SAID") || route.equals("@JOINED")) && !broadcasts.add(text)) counts.duplicates.incrementAndGet();
            AtomicInteger counter = switch (route) {
                case "@TIME" -> counts.time;
                case "@ROOM-JOINED" -> counts.roomJoined;
                case "@SAID" -> counts.said;
                case "@ROOM-SAID" -> counts.roomSaid;
                case "@JOINED" -> counts.joined;
                default -> counts.other;
            };
            counter.incrementAndGet();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!cut) counts.closedByServer.incrementAndGet();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
