package dev.wroustr.cli;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * One bench connection, last in its pipeline; everything runs on its event loop.
 *
 * <p>Replies are matched to requests in FIFO order (a wroustr server answers one connection's
 * messages in order), so the connection keeps only the send time of each request in flight.
 * In a closed loop each reply makes room for the next request; at a fixed rate
 * {@link BenchLoop#tick()} sends on schedule and the latency runs from the intended send time,
 * so a slow server cannot hide its stalls by slowing the generator down (coordinated omission).
 */
final class BenchConnection extends ChannelInboundHandlerAdapter {
    private static final byte[][] ERROR_ROUTES = {
        "@INVALID".getBytes(StandardCharsets.US_ASCII),
        "@UNKNOWN".getBytes(StandardCharsets.US_ASCII),
        "@ERROR".getBytes(StandardCharsets.US_ASCII),
    };

    private final BenchConfig config;
    private final BenchClock clock;
    private final BenchPayload payload;
    private final BenchLoops loops;
    private final LongQueue inFlight;
    private ChannelPromise handshake;
    private ChannelHandlerContext ctx;
    private BenchLoop stats;
    private long seq;
    private boolean sending;
    private boolean unflushed;
    // Fixed rate: the k-th request of this connection is due at firstDue + k * interval.
    private long firstDue;
    private double intervalNanos;
    private long dueCount;
    // With --resume: messages received (not the protocol's own), and when they were last acknowledged.
    private long received;
    private long acknowledged;

    BenchConnection(BenchConfig config, BenchClock clock, BenchPayload payload, BenchLoops loops) {
        this.config = config;
        this.clock = clock;
        this.payload = payload;
        this.loops = loops;
        this.inFlight = new LongQueue(config.openLoop() ? 64 : config.pipeline());
    }

    /** Completes when the WebSocket handshake is done, fails if the connection does not get there. */
    ChannelPromise handshake() {
        return handshake;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.handshake = ctx.newPromise();
        this.stats = loops.of(ctx.channel().eventLoop());
        stats.connections.add(this);
    }

    /** Starts sending; on the event loop, after {@link BenchClock#begin}. */
    void start(int index) {
        sending = true;
        if (config.openLoop()) {
            intervalNanos = 1e9 * config.connections() / config.rate();
            // Spread the connections over one interval, so they do not all send at once.
            firstDue = clock.start + (long) (intervalNanos * index / config.connections());
        } else {
            long now = System.nanoTime();
            for (int i = 0; i < config.pipeline(); i++) send(now);
            flush();
        }
    }

    /** Fixed rate: sends every request due by {@code now}, each stamped with when it was due. */
    void sendDue(long now) {
        if (!sending) return;
        long end = clock.measureEnd;
        while (true) {
            long due = firstDue + (long) (dueCount * intervalNanos);
            if (due > now || due >= end) break;
            dueCount++;
            send(due);
        }
        flush();
    }

    private void send(long stamp) {
        if (stamp >= clock.measureEnd || !ctx.channel().isActive()) return;
        inFlight.add(stamp);
        if (clock.counts(stamp)) {
            BenchLoop.increment(stats.sent, 1);
            BenchLoop.increment(stats.inFlight, 1);
        }
        ctx.write(new TextWebSocketFrame(payload.write(ctx.alloc(), seq++)), ctx.voidPromise());
        unflushed = true;
    }

    private void flush() {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof WebSocketFrame)) return;
            long now = System.nanoTime();
            if (msg instanceof TextWebSocketFrame text && isProtocol(text.content())) return; // a welcome, an acknowledgement
            if (config.resume() && ++received - acknowledged >= 64) {
                acknowledged = received;
                ctx.write(new TextWebSocketFrame("@$ack #received " + received), ctx.voidPromise());
                unflushed = true;
            }
            boolean ok = msg instanceof TextWebSocketFrame frame && !isErrorReply(frame.content());
            if (inFlight.size() == 0) {
                // A message nobody asked for (a broadcast, say): not a reply, but worth seeing.
                if (clock.counts(now)) BenchLoop.increment(stats.errors, 1);
                return;
            }
            long stamp = inFlight.poll();
            BenchLoop.increment(stats.replies, 1);
            if (clock.counts(stamp)) {
                BenchLoop.increment(stats.inFlight, -1);
                if (ok) {
                    BenchLoop.increment(stats.received, 1);
                    stats.latencyMicros.recordValue(Math.max(0, (now - stamp) / 1000));
                } else {
                    BenchLoop.increment(stats.errors, 1);
                }
            }
            if (sending && !config.openLoop()) send(now);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            handshake.trySuccess();
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            handshake.tryFailure(new WebSocketHandshakeException("WebSocket handshake timed out"));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handshake.tryFailure(new WebSocketHandshakeException("the server closed the connection during the handshake"));
        if (sending && !clock.stopping) {
            // The server dropped us: requests still in flight are lost, and the loss is an error.
            int lost = 0;
            for (int i = 0; i < inFlight.size(); i++) if (clock.counts(inFlight.get(i))) lost++;
            BenchLoop.increment(stats.inFlight, -lost);
            BenchLoop.increment(stats.errors, Math.max(1, lost));
        }
        sending = false;
        inFlight.clear();
        stats.connections.remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!handshake.tryFailure(cause) && !clock.stopping) BenchLoop.increment(stats.errors, 1);
        ctx.close();
    }

    /** The protocol's own messages (@$welcome, @$ack): no reply to a request. */
    private static boolean isProtocol(ByteBuf text) {
        return text.readableBytes() > 2 && text.getByte(text.readerIndex()) == '@' && text.getByte(text.readerIndex() + 1) == '$'
                && text.getByte(text.readerIndex() + 2) != 'e'; // @$error is an error reply
    }

    private static boolean isErrorReply(ByteBuf text) {
        int at = text.readerIndex();
        int length = text.readableBytes();
        outer:
        for (byte[] route : ERROR_ROUTES) {
            if (length < route.length) continue;
            for (int i = 0; i < route.length; i++) if (text.getByte(at + i) != route[i]) continue outer;
            if (length == route.length) return true;
            byte next = text.getByte(at + route.length);
            if (next == ' ' || next == '\t' || next == '\n' || next == '\r') return true;
        }
        return false;
    }
}
