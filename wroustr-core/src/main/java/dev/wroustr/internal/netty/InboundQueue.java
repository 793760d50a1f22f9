package dev.wroustr.internal.netty;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * One connection's messages on their way from the event loop to its handlers, on the server and
 * the client alike. The messages of one read go over together at {@link #readComplete()}: one
 * hand-off, and one thread wake-up, per read rather than per message. Past {@code maxQueued}
 * messages waiting for the handlers the channel stops reading (TCP then slows the peer down),
 * and it reads again once the handlers have worked the queue down to half. Nothing is dropped.
 */
final class InboundQueue {
    private static final AtomicIntegerFieldUpdater<InboundQueue> QUEUED =
            AtomicIntegerFieldUpdater.newUpdater(InboundQueue.class, "queued");
    private static final AtomicIntegerFieldUpdater<InboundQueue> PAUSED =
            AtomicIntegerFieldUpdater.newUpdater(InboundQueue.class, "paused");

    private final Channel channel;
    private final Executor serial;
    private final int maxQueued;
    private final Consumer<String> handler;
    private List<String> batch; // event loop only
    private volatile int queued;
    private volatile int paused;

    /** @param handler runs each message on {@code serial}, in order */
    InboundQueue(Channel channel, Executor serial, int maxQueued, Consumer<String> handler) {
        this.channel = channel;
        this.serial = serial;
        this.maxQueued = maxQueued;
        this.handler = handler;
    }

    /** Called on the event loop for every text message. */
    void received(String text) {
        if (batch == null) batch = new ArrayList<>(4);
        batch.add(text);
    }

    /** Called on the event loop at the end of a read, and before the connection's last route. */
    void readComplete() {
        List<String> texts = batch;
        if (texts == null) return;
        batch = null;
        int waiting = QUEUED.addAndGet(this, texts.size());
        serial.execute(() -> {
            for (int i = 0; i < texts.size(); i++) {
                handler.accept(texts.get(i));
                handled();
            }
        });
        if (waiting >= maxQueued && PAUSED.compareAndSet(this, 0, 1)) {
            channel.config().setAutoRead(false);
            // The handlers may have drained the queue before the flag was set: check again.
            if (queued <= maxQueued / 2) resume();
        }
    }

    private void handled() {
        if (QUEUED.decrementAndGet(this) <= maxQueued / 2 && paused != 0) {
            channel.eventLoop().execute(this::resume);
        }
    }

    private void resume() {
        if (queued <= maxQueued / 2 && PAUSED.compareAndSet(this, 1, 0)) {
            channel.config().setAutoRead(true);
        }
    }
}
