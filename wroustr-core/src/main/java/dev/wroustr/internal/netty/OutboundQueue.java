package dev.wroustr.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Function;

/**
 * Writes frames to a channel from any thread with one event-loop task and one flush per burst,
 * instead of a task and a flush (a system call) per frame. Frames from one thread keep their order.
 * Text from another thread waits here as its UTF-8 bytes and is framed on the event loop, whose
 * thread allocates and frees pooled buffers fastest.
 */
final class OutboundQueue implements Runnable {
    private final Channel channel;
    private final EventLoop eventLoop;
    private final Function<byte[], Object> textFrame;
    // Made on the first write from another thread: in inline mode, or on an idle connection, never.
    // A linked queue: Netty's MPSC array queue starts with 1,024 slots, 4.6 KiB of heap for as
    // long as the connection stays open, to hold what is rarely more than a few frames.
    private volatile Queue<Object> frames;
    private static final AtomicIntegerFieldUpdater<OutboundQueue> SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(OutboundQueue.class, "scheduled");
    private static final AtomicLongFieldUpdater<OutboundQueue> QUEUED_BYTES =
            AtomicLongFieldUpdater.newUpdater(OutboundQueue.class, "queuedBytes");
    private volatile int scheduled;
    // Bytes waiting here, not yet in Netty's outbound buffer, which counts only what reached it.
    private volatile long queuedBytes;

    /** @param textFrame makes the frame for a text's UTF-8 bytes, on the event loop */
    OutboundQueue(Channel channel, Function<byte[], Object> textFrame) {
        this.channel = channel;
        this.eventLoop = channel.eventLoop();
        this.textFrame = textFrame;
    }

    /** Writes a text message, in UTF-8. */
    void writeText(byte[] utf8) {
        write(utf8);
    }

    /** Writes a {@link WebSocketFrame}, or a whole frame as a {@link ByteBuf}. */
    void write(Object frame) {
        Queue<Object> waiting = frames;
        if (eventLoop.inEventLoop() && (waiting == null || waiting.isEmpty())) {
            // Already on the right thread: write now, flush after the current read batch.
            channel.write(framed(frame), channel.voidPromise());
        } else {
            QUEUED_BYTES.addAndGet(this, bytes(frame));
            frames().add(frame);
        }
        if (SCHEDULED.compareAndSet(this, 0, 1)) eventLoop.execute(this);
    }

    /** Whether the bytes waiting here and in the channel's buffer reach the channel's high water mark. */
    boolean full() {
        return !channel.isWritable() || queuedBytes >= channel.bytesBeforeUnwritable();
    }

    /** Writes {@code close} after every frame queued before it, then closes the channel once it is flushed. */
    void writeAndClose(CloseWebSocketFrame close) {
        frames().add(new Closing(close));
        if (SCHEDULED.compareAndSet(this, 0, 1)) eventLoop.execute(this);
    }

    private Queue<Object> frames() {
        Queue<Object> waiting = frames;
        if (waiting == null) {
            synchronized (this) {
                waiting = frames;
                // Many threads add, only the event loop takes.
                if (waiting == null) frames = waiting = new ConcurrentLinkedQueue<>();
            }
        }
        return waiting;
    }

    /** Text waiting as UTF-8 made into its frame; anything else is a frame already. */
    private Object framed(Object frame) {
        return frame instanceof byte[] utf8 ? textFrame.apply(utf8) : frame;
    }

    private static int bytes(Object frame) {
        if (frame instanceof byte[] utf8) return utf8.length;
        return frame instanceof ByteBuf whole ? whole.readableBytes() : ((WebSocketFrame) frame).content().readableBytes();
    }

    private record Closing(CloseWebSocketFrame frame) {}

    @Override
    public void run() {
        // Cleared before draining: a frame added after this point schedules another run.
        scheduled = 0;
        Queue<Object> waiting = frames;
        Object next;
        while (waiting != null && (next = waiting.poll()) != null) {
            if (next instanceof Closing closing) {
                channel.write(closing.frame()).addListener(ChannelFutureListener.CLOSE);
            } else {
                QUEUED_BYTES.addAndGet(this, -bytes(next));
                channel.write(framed(next), channel.voidPromise());
            }
        }
        channel.flush();
    }
}
