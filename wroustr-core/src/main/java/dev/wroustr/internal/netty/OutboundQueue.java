package dev.wroustr.internal.netty;

import dev.wroustr.internal.Fatal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.BiFunction;

/**
 * Writes frames to a channel from any thread with one event-loop task and one flush per burst,
 * instead of a task and a flush (a system call) per frame. Frames from one thread keep their order.
 * Text from another thread waits here as its UTF-8 bytes and is framed on the event loop, whose
 * thread allocates and frees pooled buffers fastest.
 */
final class OutboundQueue implements Runnable {
    private static final AtomicReferenceFieldUpdater<OutboundQueue, Waiting> WAITING =
            AtomicReferenceFieldUpdater.newUpdater(OutboundQueue.class, Waiting.class, "waiting");

    private final Channel channel;
    private final EventLoop eventLoop;
    private final BiFunction<ByteBufAllocator, byte[], Object> textFrame;
    // The frames written from other threads and not yet taken by the event loop, newest first:
    // one compare-and-set adds a frame, and the one that finds none waiting schedules the loop's
    // task, which takes them all with one swap. No queue object, and nothing else to update, as
    // a connection's state is cold in the cache whenever a server holds many.
    private volatile Waiting waiting;
    private boolean flushScheduled; // event loop only: for frames it wrote itself
    // Event loop only. Set once the close frame is written: a frame sent after it, by a send that
    // raced the close, is dropped. Netty would fail its write, and that failure closes the
    // channel before the close frame is flushed.
    private boolean closeWritten;

    /** A frame waiting, with the bytes of all waiting up to it. */
    private static class Waiting {
        final Object frame;
        long bytes;
        Waiting next;

        Waiting(Object frame) {
            this.frame = frame;
        }
    }

    /** A copy of a broadcast's or room send's shared frame: counted in the server's {@link FanOutBacklog}. */
    private static final class Shared extends Waiting {
        Shared(ByteBuf frame) {
            super(frame);
        }
    }

    private final FanOutBacklog fanOut;

    /**
     * @param textFrame makes the frame for a text's UTF-8 bytes, on the event loop, with the
     *     channel's allocator (a function that captures nothing: one object for every connection)
     * @param fanOut counts the shared copies waiting here; null for a client, which sends no broadcasts
     */
    OutboundQueue(Channel channel, BiFunction<ByteBufAllocator, byte[], Object> textFrame, FanOutBacklog fanOut) {
        this(channel, textFrame, fanOut, null);
    }

    /** @param session keeps every message frame written, numbered, for a resume; null when resume is off */
    OutboundQueue(Channel channel, BiFunction<ByteBufAllocator, byte[], Object> textFrame, FanOutBacklog fanOut, ServerSession session) {
        this.channel = channel;
        this.eventLoop = channel.eventLoop();
        this.textFrame = textFrame;
        this.fanOut = fanOut;
        this.session = session;
    }

    private final ServerSession session;

    /** A frame of the protocol's own (a welcome, an acknowledgement, a frame sent again on a resume): not kept. */
    private record Unlogged(Object frame) {}

    /** Writes {@code frame} (text as UTF-8, or a whole frame) after every frame queued before it, without keeping it for a resume. */
    void writeUnlogged(Object frame) {
        add(new Unlogged(frame), 0);
    }

    /**
     * The socket has gone: the messages still waiting here, oldest first (UTF-8 bytes or whole
     * frames), are handed to {@code keep} (the session's log), as if written. Called on the event
     * loop under the session's lock.
     */
    void drainUnwritten(java.util.function.Consumer<Object> keep) {
        Waiting oldestFirst = takeOldestFirst();
        int shared = 0;
        for (Waiting w = oldestFirst; w != null; w = w.next) {
            if (w instanceof Shared) shared++;
            if (w.frame instanceof byte[] || w.frame instanceof ByteBuf) {
                keep.accept(w.frame);
            } else {
                ReferenceCountUtil.release(w.frame instanceof Closing closing ? closing.frame()
                        : w.frame instanceof Unlogged unlogged ? unlogged.frame() : w.frame);
            }
        }
        if (shared > 0) fanOut.written(shared);
    }

    /** Writes a copy of a shared whole frame ({@link TextFrames#serverFrame}), counted in the fan-out's backlog while it waits. */
    void writeShared(ByteBuf copy) {
        if (waiting == null && eventLoop.inEventLoop()) {
            write(copy);
            return;
        }
        fanOut.queued(1);
        add(new Shared(copy), copy.readableBytes());
    }

    /** The bytes waiting for the event loop to take them. */
    long waitingBytes() {
        Waiting newest = waiting;
        return newest == null ? 0 : newest.bytes;
    }

    /** Writes a text message, in UTF-8. */
    void writeText(byte[] utf8) {
        write(utf8);
    }

    /** Writes a {@link WebSocketFrame}, or a whole frame as a {@link ByteBuf}. */
    void write(Object frame) {
        if (waiting == null && eventLoop.inEventLoop()) {
            if (closeWritten) {
                ReferenceCountUtil.release(frame);
                return;
            }
            // Already on the right thread: write now, flush after the current read batch.
            keep(frame);
            channel.write(framed(frame), channel.voidPromise());
            if (!flushScheduled) {
                flushScheduled = true;
                eventLoop.execute(this);
            }
        } else {
            add(frame, bytes(frame));
        }
    }

    /**
     * Whether the bytes waiting here reach what the channel's buffer still takes before it turns
     * unwritable. Looks at the channel only when something waits: a server closes a connection
     * whose channel turns unwritable, so needs no more.
     */
    boolean backlogged() {
        Waiting newest = waiting;
        return newest != null && newest.bytes >= channel.bytesBeforeUnwritable();
    }

    /** Whether the channel is unwritable, or the bytes waiting here would make it so. */
    boolean full() {
        return !channel.isWritable() || backlogged();
    }

    /** Writes {@code close} after every frame queued before it, then closes the channel once it is flushed. */
    void writeAndClose(CloseWebSocketFrame close) {
        add(new Closing(close), 0);
    }

    private void add(Object frame, int bytes) {
        add(new Waiting(frame), bytes);
    }

    private void add(Waiting added, int bytes) {
        Waiting newest;
        do {
            newest = waiting;
            added.next = newest;
            added.bytes = newest == null ? bytes : newest.bytes + bytes;
        } while (!WAITING.compareAndSet(this, newest, added));
        if (newest == null) eventLoop.execute(this);
    }

    /**
     * A message about to be written, kept by the session (if any) for a resume: text as its
     * UTF-8 bytes, which nothing changes once sent, a whole frame as a retained duplicate.
     */
    private void keep(Object frame) {
        if (session == null) return;
        if (frame instanceof byte[]) {
            session.sent(frame);
        } else if (frame instanceof ByteBuf whole) {
            session.sent(whole.retainedDuplicate());
        }
    }

    /** Text waiting as UTF-8 made into its frame; anything else is a frame already. */
    private Object framed(Object frame) {
        return frame instanceof byte[] utf8 ? textFrame.apply(channel.alloc(), utf8) : frame;
    }

    private static int bytes(Object frame) {
        if (frame instanceof byte[] utf8) return utf8.length;
        if (frame instanceof Unlogged unlogged) return bytes(unlogged.frame());
        return frame instanceof ByteBuf whole ? whole.readableBytes() : ((WebSocketFrame) frame).content().readableBytes();
    }

    private record Closing(CloseWebSocketFrame frame) {}

    @Override
    public void run() {
        try {
            writeWaiting();
        } catch (Throwable e) {
            // Netty would log and swallow what a task throws: the pipeline's handler decides,
            // and stops the server for a fatal error.
            if (!Fatal.is(e)) throw e;
            channel.pipeline().fireExceptionCaught(e);
        }
    }

    /** Takes every frame waiting, with one swap, and turns the newest-first list around. */
    private Waiting takeOldestFirst() {
        Waiting oldestFirst = null;
        for (Waiting w = WAITING.getAndSet(this, null); w != null; ) {
            Waiting next = w.next;
            w.next = oldestFirst;
            oldestFirst = w;
            w = next;
        }
        return oldestFirst;
    }

    private void writeWaiting() {
        flushScheduled = false;
        // A frame added after the swap finds none waiting and schedules another run.
        Waiting oldestFirst = takeOldestFirst();
        int shared = 0;
        for (Waiting w = oldestFirst; w != null; w = w.next) {
            if (w instanceof Shared) shared++;
            if (closeWritten) {
                ReferenceCountUtil.release(w.frame instanceof Closing closing ? closing.frame()
                        : w.frame instanceof Unlogged unlogged ? unlogged.frame() : w.frame);
            } else if (w.frame instanceof Closing closing) {
                closeWritten = true;
                channel.write(closing.frame()).addListener(ChannelFutureListener.CLOSE);
            } else if (w.frame instanceof Unlogged unlogged) {
                channel.write(framed(unlogged.frame()), channel.voidPromise());
            } else {
                keep(w.frame);
                channel.write(framed(w.frame), channel.voidPromise());
            }
        }
        channel.flush();
        if (shared > 0) fanOut.written(shared);
    }
}
