package dev.wroustr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The executor under the handlers of every connection, driven by real threads racing to add
 * tasks while drains start and end on a shared pool.
 */
@Timeout(60)
class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void runsEveryTaskOnceOneAtATimeInEachThreadsOrder() throws Exception {
        int producers = 4;
        int tasksEach = 50_000;
        SerialExecutor serial = new SerialExecutor(pool);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] lastSeen = new int[producers]; // touched by the tasks only, which run one at a time
        Arrays.fill(lastSeen, -1);
        List<String> outOfOrder = new ArrayList<>();
        CountDownLatch ran = new CountDownLatch(producers * tasksEach);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                awaitQuietly(start);
                for (int n = 0; n < tasksEach; n++) {
                    int seq = n;
                    serial.execute(() -> {
                        if (running.incrementAndGet() != 1) overlaps.incrementAndGet();
                        if (lastSeen[producer] != seq - 1 && outOfOrder.size() < 10) {
                            outOfOrder.add("producer " + producer + ": " + seq + " after " + lastSeen[producer]);
                        }
                        lastSeen[producer] = seq;
                        running.decrementAndGet();
                        ran.countDown();
                    });
                    // Now and then let the drain run dry, so drains end and start again.
                    if (n % 1_000 == 0) Thread.yield();
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) thread.join();

        assertThat(ran.await(30, TimeUnit.SECONDS)).as("every task ran").isTrue();
        // Once more through the executor: whatever ran last is visible to this task, and to us after it.
        CountDownLatch after = new CountDownLatch(1);
        serial.execute(after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps.get()).as("tasks running at once").isZero();
        assertThat(outOfOrder).isEmpty();
        assertThat(lastSeen).containsOnly(tasksEach - 1);
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheOnesAfterIt() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool);
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch after = new CountDownLatch(1);
        // Queued behind a task that waits, so all three are taken by one drain.
        serial.execute(() -> awaitQuietly(hold));
        serial.execute(() -> {
            throw new IllegalStateException("a bug in a task");
        });
        serial.execute(after::countDown);
        hold.countDown();
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void knowsTheThreadThatDrainsIt() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool);
        SerialExecutor other = new SerialExecutor(pool);
        List<Boolean> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        serial.execute(() -> {
            seen.add(serial.isDraining());
            seen.add(other.isDraining());
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly(true, false);
        assertThat(serial.isDraining()).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
