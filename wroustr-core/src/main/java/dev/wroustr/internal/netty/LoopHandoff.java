package dev.wroustr.internal.netty;

import dev.wroustr.internal.SerialExecutor;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the connections of one event loop that have messages waiting over to the handler
 * executor once per turn of the loop: every connection that read in a turn goes in one task,
 * so one thread wakes up per turn instead of one per connection. On a busy server that is the
 * difference between a context switch per read and one per turn.
 *
 * <p>The connections of a turn are drained one after another, so a handler that blocks would
 * hold up the ones after it. A watchdog on the loop looks at every unfinished batch each
 * {@link #STALL_MILLIS}: a batch that has not moved on to another connection since the last
 * look gets another thread, which takes the connections still waiting, unless a copy of it still
 * waits in the executor's queue. A connection so waits two looks, 4 ms, at most for each
 * blocking handler drained ahead of it in its turn, when the executor has a thread free.
 */
final class LoopHandoff implements Runnable {
    static final long STALL_MILLIS = 2;
    private static final Logger log = LoggerFactory.getLogger(LoopHandoff.class);

    private final EventLoop loop;
    private final Executor executor; // null: inline, the loop runs the batch itself
    // Event loop only.
    private SerialExecutor[] ready = new SerialExecutor[16];
    private int readyCount;
    private final ArrayDeque<Batch> running = new ArrayDeque<>();
    private boolean watching;

    LoopHandoff(EventLoop loop, Executor executor) {
        this.loop = loop;
        this.executor = executor;
    }

    /**
     * A hand-off to the loop itself, for inline handlers: they still run at the end of the turn,
     * every connection's messages together, which keeps the decoding and the handling each in
     * the caches for longer than taking them message by message.
     */
    static LoopHandoff inline(EventLoop loop) {
        return new LoopHandoff(loop, null);
    }

    /** On the event loop: {@code serial} has tasks queued and no drain under way; drain it this turn. */
    void add(SerialExecutor serial) {
        if (readyCount == 0) loop.execute(this);
        if (readyCount == ready.length) ready = Arrays.copyOf(ready, readyCount * 2);
        ready[readyCount++] = serial;
    }

    /** At the end of the turn, as the loop runs its tasks. */
    @Override
    public void run() {
        Batch batch = new Batch(Arrays.copyOf(ready, readyCount));
        Arrays.fill(ready, 0, readyCount, null);
        readyCount = 0;
        if (executor == null) {
            batch.run();
            return;
        }
        running.add(batch);
        submit(batch);
        if (!watching) {
            watching = true;
            loop.schedule(this::watch, STALL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void watch() {
        for (var batches = running.iterator(); batches.hasNext(); ) {
            Batch batch = batches.next();
            int claimed = batch.next;
            if (claimed >= batch.drains.length) {
                batches.remove();
            } else if (claimed == batch.seen && batch.started == batch.submitted) {
                // Stalled, with every copy handed over at work: a handler blocks or runs long, or
                // the executor refused the batch. A copy still waiting in the executor's queue means
                // the executor is busy, and another copy there would only make its queue longer.
                submit(batch);
            }
            batch.seen = claimed;
        }
        if (running.isEmpty()) {
            watching = false;
        } else {
            loop.schedule(this::watch, STALL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void submit(Batch batch) {
        try {
            executor.execute(batch);
            batch.submitted++;
        } catch (RejectedExecutionException e) {
            // The watchdog tries again: dropping the batch would stall its connections for good.
            // Said once per batch (the watchdog has not looked at it yet), not at every retry.
            if (batch.seen < 0) log.warn("handler executor refused {} connections' messages; retrying", batch.drains.length);
        }
    }

    /** One turn's connections; any number of threads may work it, each taking the next connection. */
    private static final class Batch implements Runnable {
        private static final AtomicIntegerFieldUpdater<Batch> NEXT = AtomicIntegerFieldUpdater.newUpdater(Batch.class, "next");
        private static final AtomicIntegerFieldUpdater<Batch> STARTED = AtomicIntegerFieldUpdater.newUpdater(Batch.class, "started");
        final SerialExecutor[] drains;
        volatile int next;
        volatile int started; // copies that have begun to run
        int submitted; // copies the executor took; on the event loop, as is the field below
        int seen = -1; // the watchdog's last look

        Batch(SerialExecutor[] drains) {
            this.drains = drains;
        }

        @Override
        public void run() {
            STARTED.incrementAndGet(this);
            int i;
            while ((i = NEXT.getAndIncrement(this)) < drains.length) drains[i].run();
        }
    }
}
