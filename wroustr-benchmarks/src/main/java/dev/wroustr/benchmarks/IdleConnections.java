package dev.wroustr.benchmarks;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens N WebSocket connections to a URL and holds them open, sending nothing, so that the
 * server's memory per connection can be read off its RSS.
 *
 * <pre>java -cp benchmarks.jar dev.wroustr.benchmarks.IdleConnections ws://127.0.0.1:9000/ \
 *     --connections 10000 [--concurrency 256] [--hold 0] [--subprotocol wroustr.v1]</pre>
 *
 * With {@code --subprotocol wroustr.v1} a wroustr server welcomes each connection; with
 * {@code ?wroustr-resume=1} in the URL as well, it keeps a resumable session for each.
 *
 * Prints one line {@code {"connections":N,"open":M,"failed":F,"millis":T}} once every attempt
 * has finished, then holds the connections until killed (or for {@code --hold} if given),
 * and at the end prints how many the server closed meanwhile. Needs {@code ulimit -n} above N.
 */
public final class IdleConnections {
    private IdleConnections() {}

    public static void main(String[] args) throws InterruptedException {
        Flags flags = Flags.parse(args, "connections", "concurrency", "hold", "threads", "subprotocol");
        if (flags.positional() == null) throw new IllegalArgumentException("usage: IdleConnections ws://HOST:PORT/ --connections N");
        URI uri = URI.create(flags.positional());
        int connections = flags.integer("connections", 10_000);
        int concurrency = flags.integer("concurrency", 256);
        Duration hold = flags.duration("hold", Duration.ZERO);
        EventLoopGroup group = Transport.group(flags.integer("threads", 1), 0);
        AtomicInteger closedByServer = new AtomicInteger();
        try {
            ClientConnections.Opened opened = ClientConnections.open(group, uri, connections, concurrency,
                    () -> new Idle(closedByServer), i -> null, flags.string("subprotocol", null));
            System.out.printf("{\"connections\":%d,\"open\":%d,\"failed\":%d,\"millis\":%d}%n",
                    connections, opened.channels().size(), opened.failed(), opened.millis());
            System.out.flush();
            if (hold.isZero()) {
                Thread.sleep(Long.MAX_VALUE);
            } else {
                Thread.sleep(hold.toMillis());
                System.out.printf("{\"closedByServer\":%d}%n", closedByServer.get());
                ClientConnections.closeAll(opened.channels(), Duration.ofSeconds(10));
            }
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Drops anything that arrives and counts connections the server closes. */
    private static final class Idle extends ChannelInboundHandlerAdapter {
        private final AtomicInteger closedByServer;

        Idle(AtomicInteger closedByServer) {
            this.closedByServer = closedByServer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closedByServer.incrementAndGet();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
