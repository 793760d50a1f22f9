package dev.wroustr.internal.netty;

import dev.wroustr.internal.SerialExecutor;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * One connection's messages on their way from the event loop to its handlers, on the server and
 * the client alike. The messages of one read go over together at {@link #readComplete()}, and
 * the {@link LoopHandoff} starts the drains of every connection that read in a turn of the loop
 * together: one thread wake-up per turn rather than per message or per connection. Past
 * {@code maxQueued} messages waiting for the handlers the channel stops reading (TCP then slows
 * the peer down), and it reads again once the handlers have worked the queue down to half.
 * Nothing is dropped.
 */
final class InboundQueue {
    private static final AtomicIntegerFieldUpdater<InboundQueue> QUEUED =
            AtomicIntegerFieldUpdater.newUpdater(InboundQueue.class, "queued");
    private static final AtomicIntegerFieldUpdater<InboundQueue> PAUSED =
            AtomicIntegerFieldUpdater.newUpdater(InboundQueue.class, "paused");

    private final Channel channel;
    private final SerialExecutor serial;
    private final LoopHandoff handoff;
    private final int maxQueued;
    private final Consumer<String> handler;
    private Batch batch; // event loop only
    private volatile int queued;
    private volatile int paused;

    /** @param handler runs each message on {@code serial}, in order; {@code handoff} starts its drains */
    InboundQueue(Channel channel, SerialExecutor serial, LoopHandoff handoff, int maxQueued, Consumer<String> handler) {
        this.channel = channel;
        this.serial = serial;
        this.handoff = handoff;
        this.maxQueued = maxQueued;
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
        if (serial.enqueue(texts)) handoff.add(serial);
        if (waiting >= maxQueued && PAUSED.compareAndSet(this, 0, 1)) {
            channel.config().setAutoRead(false);
            onPause.run();
            // The handlers may have drained the queue before the flag was set: check again.
            if (queued <= maxQueued / 2) resume();
        }
    }

    private void handled(int count) {
        if (QUEUED.addAndGet(this, -count) <= maxQueued / 2 && paused != 0) {
            channel.eventLoop().execute(this::resume);
        }
    }

    private void resume() {
        if (queued <= maxQueued / 2 && PAUSED.compareAndSet(this, 1, 0)) {
            channel.config().setAutoRead(true);
        }
    }

    /** The messages of one read: most reads hold one, which then needs no list. */
    private final class Batch implements Runnable {
        private final String first;
        private List<String> more;

        Batch(String first) {
            this.first = first;
        }

        void add(String text) {
            if (more == null) more = new ArrayList<>(4);
            more.add(text);
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
                handled(count());
            }
        }
    }

    private Runnable onPause = () -> {};

    /** Runs {@code onPause} on the event loop whenever the queue stops the channel reading. Set before the first message. */
    void onPause(Runnable onPause) {
        this.onPause = onPause;
    }
}
