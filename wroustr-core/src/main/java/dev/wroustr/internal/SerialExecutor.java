package dev.wroustr.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one connection one after another, in the order given, on a shared
 * executor. A drain runs every task queued by the time it gets there, so a busy connection
 * costs one hand-off per burst rather than one per message.
 */
public final class SerialExecutor implements Executor, Runnable {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private static final AtomicIntegerFieldUpdater<SerialExecutor> PENDING =
            AtomicIntegerFieldUpdater.newUpdater(SerialExecutor.class, "pending");
    private volatile int pending;
    private final Executor executor;
    // The thread draining the tasks now, or null: a field, not a thread-local, which would make
    // a map for every virtual thread, one a drain. Not volatile: only the drainer asks whether it
    // is the drainer, and a thread always sees its own writes; another thread's never equal it.
    private Thread drainer;

    public SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    /**
     * Queues {@code task} without starting a drain: true if none is under way, and the caller
     * must now see that {@link #run()} is called (once).
     */
    public boolean enqueue(Runnable task) {
        tasks.add(task);
        return PENDING.getAndIncrement(this) == 0;
    }

    @Override
    public void execute(Runnable task) {
        if (enqueue(task)) executor.execute(this);
    }

    /**
     * Whether the calling thread is running this executor's tasks (a handler, layer,
     * interceptor or named route of its connection): a thread that must not wait for them.
     */
    public boolean isDraining() {
        return drainer == Thread.currentThread();
    }

    @Override
    public void run() {
        Thread me = Thread.currentThread();
        int done = 0;
        while (true) {
            drainer = me;
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (Throwable e) {
                    // The router catches what handlers throw; reaching here is a bug of ours.
                    log.error("task failed in a connection's serial executor", e);
                }
                done++;
            }
            // Cleared before pending can reach zero: the next drain, maybe on another thread,
            // starts only after that, and must not have its mark cleared by this one.
            drainer = null;
            // A task added after the poll above has incremented pending already: go round again.
            if (PENDING.addAndGet(this, -done) == 0) return;
            done = 0;
        }
    }
}
