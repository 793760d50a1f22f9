package dev.wroustr.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The baseline: a plain Netty WebSocket server that echoes every text message back, and
 * broadcasts any message whose route is {@code @BCAST} to every connection. It does no
 * parsing and no routing, so the difference between it and {@code WroustrBenchServer} is the
 * cost of wroustr.
 *
 * <p>Kept as close to wroustr's own pipeline as a fair comparison needs: the same HTTP
 * aggregation, {@link WebSocketServerProtocolHandler} with a 64 KiB frame limit and UTF-8
 * validation on, and a 64 KiB {@link WebSocketFrameAggregator}. One event loop thread accepts
 * and serves every connection, since the benchmark pins the server to one core.
 *
 * <p>{@code --max-events 64} caps the ready channels a turn of the loop reads, as wroustr's
 * server does (Netty's default, 0, reads every one): run only to show what the cap alone does
 * for a server that writes its replies in the same turn.
 *
 * <p>{@code --utf8-check false} turns Netty's UTF-8 validator off: a server that breaks RFC 6455
 * on invalid text, run only to show how much of the baseline's time that check takes.
 *
 * <pre>java -cp benchmarks.jar dev.wroustr.benchmarks.BareNettyEchoServer --host 127.0.0.1 --port 0 [--utf8-check true] [--max-events 0]</pre>
 *
 * Prints {@code listening on ws://HOST:PORT/} once bound, then serves until killed.
 */
public final class BareNettyEchoServer {
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final byte[] BCAST = "@BCAST".getBytes(StandardCharsets.US_ASCII);

    private BareNettyEchoServer() {}

    public static void main(String[] args) throws InterruptedException {
        Flags flags = Flags.parse(args, "host", "port", "threads", "utf8-check", "max-events");
        String host = flags.string("host", "127.0.0.1");
        int port = flags.integer("port", 0);
        EventLoopGroup group = Transport.group(flags.integer("threads", 1), flags.integer("max-events", 0));
        ChannelGroup everyone = new DefaultChannelGroup("everyone", ImmediateEventExecutor.INSTANCE);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(Transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new Initializer(new EchoHandler(everyone), Boolean.parseBoolean(flags.string("utf8-check", "true"))))
                    .bind(host, port)
                    .sync()
                    .channel();
            int bound = ((InetSocketAddress) server.localAddress()).getPort();
            System.out.println("bare netty (" + Transport.name() + ") listening on ws://" + host + ":" + bound + "/");
            System.out.flush();
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    private static final class Initializer extends ChannelInitializer<SocketChannel> {
        private final EchoHandler echo;
        private final boolean utf8Check;

        Initializer(EchoHandler echo, boolean utf8Check) {
            this.echo = echo;
            this.utf8Check = utf8Check;
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath("/")
                    .checkStartsWith(true)
                    .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                    .withUTF8Validator(utf8Check)
                    .build();
            ch.pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(MAX_MESSAGE_BYTES))
                    .addLast(new WebSocketServerProtocolHandler(config))
                    .addLast(new WebSocketFrameAggregator(MAX_MESSAGE_BYTES))
                    .addLast(echo);
        }
    }

    /** Stateless apart from the group, so one instance serves every connection. */
    @ChannelHandler.Sharable
    private static final class EchoHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final ChannelGroup everyone;

        EchoHandler(ChannelGroup everyone) {
            this.everyone = everyone;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                everyone.add(ctx.channel()); // the group drops it by itself when it closes
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            // SimpleChannelInboundHandler releases the frame after this method: retain it for the write.
            if (isBroadcast(frame.content())) {
                // The group writes a retained duplicate to each channel and releases this one reference.
                everyone.writeAndFlush(frame.retain());
            } else {
                ctx.write(frame.retain());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        /** Whether the text's first token is {@code @BCAST}, read off the bytes without decoding them. */
        private static boolean isBroadcast(ByteBuf content) {
            int start = content.readerIndex();
            if (content.readableBytes() < BCAST.length) return false;
            for (int i = 0; i < BCAST.length; i++) {
                if (content.getByte(start + i) != BCAST[i]) return false;
            }
            if (content.readableBytes() == BCAST.length) return true;
            byte next = content.getByte(start + BCAST.length);
            return next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == 0x0B || next == '\f';
        }
    }
}
