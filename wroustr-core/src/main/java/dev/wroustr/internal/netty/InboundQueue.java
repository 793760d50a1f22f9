package dev.wroustr.internal.netty;

import dev.wroustr.internal.SerialExecutor;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One connection's messages on their way from the event loop to its handlers, on the server and
 * the client alike. The messages of one read go over together at {@link #readComplete()}, and
 * the {@link LoopHandoff} starts the drains of every connection that read in a turn of the loop
 * together: one thread wake-up per turn rather than per message or per connection. Past
 * {@code maxQueued} messages (or {@code maxQueuedChars} chars) waiting for the handlers the
 * channel stops reading (TCP then slows the peer down), and it reads again once the handlers
 * have worked the queue down to half.
 * Nothing is dropped.
 */
final class InboundQueue {
    private static final AtomicIntegerFieldUpdater<InboundQueue> QUEUED =
            AtomicIntegerFieldUpdater.newUpdater(InboundQueue.class, "queued");
    private static final AtomicIntegerFieldUpdater<InboundQueue> CHARS =
            AtomicIntegerFieldUpdater.newUpdater(InboundQueue.class, "queuedChars");
    private static final AtomicIntegerFieldUpdater<InboundQueue> PAUSED =
            AtomicIntegerFieldUpdater.newUpdater(InboundQueue.class, "paused");

    private final Channel channel;
    private final SerialExecutor serial;
    private final LoopHandoff handoff;
    private final int maxQueued;
    private final int maxQueuedChars;
    private final AtomicLong totalChars;
    private final long maxTotalChars;
    private final Consumer<String> handler;
    private Batch batch; // event loop only
    private volatile int queued;
    private volatile int queuedChars;
    private volatile int paused;
    private volatile boolean stopped;

    /**
     * @param handler runs each message on {@code serial}, in order; {@code handoff} starts its drains
     * @param maxQueuedChars the chars of messages that may wait, as {@code maxQueued} bounds their number
     * @param totalChars the chars waiting across a server's connections, shared by them, bounded by
     *     {@code maxTotalChars}; a connection that reads past it stops reading until its own queue is half worked off
     */
    InboundQueue(Channel channel, SerialExecutor serial, LoopHandoff handoff, int maxQueued, int maxQueuedChars,
            AtomicLong totalChars, long maxTotalChars, Consumer<String> handler) {
        this.channel = channel;
        this.serial = serial;
        this.handoff = handoff;
        this.maxQueued = maxQueued;
        this.maxQueuedChars = maxQueuedChars;
        this.totalChars = totalChars;
        this.maxTotalChars = maxTotalChars;
        this.handler = handler;
    }

    /** Called on the event loop for every text message. */
    void received(String text) {
        if (batch == null) {
            batch = new Batch(text);
        } else {
            batch.add(text);
        }
    }

    /** Called on the event loop at the end of a read, and before the connection's last route. */
    void readComplete() {
        Batch texts = batch;
        if (texts == null) return;
        batch = null;
        int waiting = QUEUED.addAndGet(this, texts.count());
        int chars = CHARS.addAndGet(this, texts.chars);
        long total = totalChars.addAndGet(texts.chars);
        if (serial.enqueue(texts)) handoff.add(serial);
        if ((waiting >= maxQueued || chars >= maxQueuedChars || total >= maxTotalChars) && PAUSED.compareAndSet(this, 0, 1)) {
            channel.config().setAutoRead(false);
            onPause.run();
            // The handlers may have drained the queue before the flag was set: check again.
            if (halfWorkedOff()) resume();
        }
    }

    private boolean halfWorkedOff() {
        return queued <= maxQueued / 2 && queuedChars <= maxQueuedChars / 2;
    }

    private void handled(int count, int chars) {
        totalChars.addAndGet(-chars);
        CHARS.addAndGet(this, -chars);
        if (QUEUED.addAndGet(this, -count) <= maxQueued / 2 && paused != 0 && halfWorkedOff()) {
            channel.eventLoop().execute(this::resume);
        }
    }

    /**
     * Stops reading the socket for good: the connection is closing, and what its peer sends now
     * would be read only to be thrown away. From any thread.
     */
    void stopReading() {
        stopped = true;
        channel.config().setAutoRead(false);
    }

    private void resume() {
        if (halfWorkedOff() && !stopped && PAUSED.compareAndSet(this, 1, 0)) {
            channel.config().setAutoRead(true);
        }
    }

    /** The messages of one read: most reads hold one, which then needs no list. */
    private final class Batch implements Runnable {
        private final String first;
        private List<String> more;
        int chars;

        Batch(String first) {
            this.first = first;
            this.chars = first.length();
        }

        void add(String text) {
            if (more == null) more = new ArrayList<>(4);
            more.add(text);
            chars += text.length();
        }

        int count() {
            return more == null ? 1 : 1 + more.size();
        }

        @Override
        public void run() {
            try {
                handler.accept(first);
                if (more != null) {
                    for (int i = 0; i < more.size(); i++) handler.accept(more.get(i));
                }
            } finally {
                // Even past a fatal error: a count never given back would stop reading for good.
                handled(count(), chars);
            }
        }
    }

    private Runnable onPause = () -> {};

    /** Runs {@code onPause} on the event loop whenever the queue stops the channel reading. Set before the first message. */
    void onPause(Runnable onPause) {
        this.onPause = onPause;
    }
}
