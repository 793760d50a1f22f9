package dev.wroustr.internal;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor handlers run on by default: a virtual thread per task where the JVM has them
 * (Java 21+), otherwise a bounded pool of platform threads. Compiled for Java 17, so virtual
 * threads are reached by reflection.
 */
public final class HandlerExecutors {
    /** Platform threads in the fallback pool: enough for handlers that block on I/O, few enough to bound memory. */
    public static final int POOL_THREADS = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());

    private HandlerExecutors() {}

    /** Whether {@link #create} gives virtual threads on this JVM. */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    public static ExecutorService create(String name) {
        ExecutorService virtual = virtualThreadsAvailable() ? virtualThreads() : null;
        return virtual != null ? virtual : pool(name);
    }

    /** The bounded pool, whatever the JVM: for tests of that mode on Java 21+. */
    public static ExecutorService pool(String name) {
        return new Pool(name);
    }

    /**
     * Waits, after {@code executor} was shut down, until its threads have ended: a pool announces
     * its termination a moment before its last thread is gone.
     */
    public static void awaitThreads(ExecutorService executor, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        if (!executor.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS) || !(executor instanceof Pool pool)) return;
        for (Thread thread : pool.threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** A pool that remembers its threads, so that {@link #awaitThreads} can see them end. */
    private static final class Pool extends ThreadPoolExecutor {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        Pool(String name) {
            // The queue holds one drain task per busy connection, never one per message.
            super(POOL_THREADS, POOL_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
            AtomicInteger count = new AtomicInteger();
            setThreadFactory(task -> {
                Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                // Threads that timed out idle are dropped here, so the set stays as small as the pool.
                threads.removeIf(old -> !old.isAlive());
                threads.add(thread);
                return thread;
            });
            allowCoreThreadTimeOut(true);
        }
    }

    private static ExecutorService virtualThreads() {
        try {
            Method method = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) method.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
