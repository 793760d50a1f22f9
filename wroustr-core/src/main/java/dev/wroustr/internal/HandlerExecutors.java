package dev.wroustr.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
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
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // The queue holds one drain task per busy connection, never one per message.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(POOL_THREADS, POOL_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        return pool;
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
