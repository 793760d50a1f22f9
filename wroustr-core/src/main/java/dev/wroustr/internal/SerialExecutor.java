package dev.wroustr.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one connection one after another, in the order given, on a shared
 * executor. A drain runs every task queued by the time it gets there, so a busy connection
 * costs one hand-off per burst rather than one per message.
 */
public final class SerialExecutor implements Executor, Runnable {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
    private static final AtomicReferenceFieldUpdater<SerialExecutor, Task> WAITING =
            AtomicReferenceFieldUpdater.newUpdater(SerialExecutor.class, Task.class, "waiting");
    /** At the bottom of {@link #waiting} while a drain runs. */
    private static final Task DRAINING = new Task(null);

    // The tasks not yet taken by a drain, newest first, down to DRAINING while a drain runs, or
    // to null when none does: one compare-and-set adds a task, one swap takes them all. No
    // queue object and no counter beside it, as a connection's state is cold in the cache
    // whenever a server holds many.
    private volatile Task waiting;
    private final Executor executor;
    private final Consumer<Throwable> onFatal;
    // The thread draining the tasks now, or null: a field, not a thread-local, which would make
    // a map for every virtual thread, one a drain. Not volatile: only the drainer asks whether it
    // is the drainer, and a thread always sees its own writes; another thread's never equal it.
    private Thread drainer;

    private static final class Task {
        final Runnable runnable;
        Task next;

        Task(Runnable runnable) {
            this.runnable = runnable;
        }
    }

    public SerialExecutor(Executor executor) {
        this(executor, e -> log.error("fatal error in a connection's serial executor", e));
    }

    /** @param onFatal told of a {@link Fatal} error a task throws; the tasks after it still run */
    public SerialExecutor(Executor executor, Consumer<Throwable> onFatal) {
        this.executor = executor;
        this.onFatal = onFatal;
    }

    /**
     * Queues {@code task} without starting a drain: true if none is under way, and the caller
     * must now see that {@link #run()} is called (once).
     */
    public boolean enqueue(Runnable task) {
        Task added = new Task(task);
        Task newest;
        do {
            newest = waiting;
            added.next = newest;
        } while (!WAITING.compareAndSet(this, newest, added));
        return newest == null;
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
        try {
            drain();
        } catch (Throwable e) {
            // Only a fatal error gets here, from the drain's own steps (a task's is caught below).
            // The drain is still marked as running: hand it on, or the tasks after it would
            // never run and the connection would never be read again.
            drainer = null;
            onFatal.accept(e);
            executor.execute(this);
        }
    }

    private void drain() {
        Thread me = Thread.currentThread();
        Task taken = WAITING.getAndSet(this, DRAINING);
        while (true) {
            drainer = me;
            runOldestFirst(taken);
            // Cleared before the drain can end: the next drain, maybe on another thread, starts
            // only after that, and must not have its mark cleared by this one.
            drainer = null;
            if (WAITING.compareAndSet(this, DRAINING, null)) return;
            // Tasks were added during this round: take them.
            taken = WAITING.getAndSet(this, DRAINING);
        }
    }

    private void runOldestFirst(Task newestFirst) {
        Task oldestFirst = null;
        for (Task t = newestFirst; t != null && t != DRAINING; ) {
            Task next = t.next;
            t.next = oldestFirst;
            oldestFirst = t;
            t = next;
        }
        for (Task t = oldestFirst; t != null; t = t.next) {
            try {
                t.runnable.run();
            } catch (Throwable e) {
                // The router catches what handlers throw but a fatal error; anything else is a bug of ours.
                if (Fatal.is(e)) {
                    onFatal.accept(e);
                } else {
                    log.error("task failed in a connection's serial executor", e);
                }
            }
        }
    }
}
