package dev.wroustr.redis.internal;

import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * How many bytes this node may still publish before Redis says again how much room the
 * cluster's subscribers have: the bound that keeps publishers from pushing a slow node's
 * subscription over Redis' {@code client-output-buffer-limit pubsub}, which would cut it and
 * lose what it had not read.
 *
 * <p>Each publish counts its bytes on one running count. A grant from Redis (a
 * {@link SubscriberRoom}, asked on the publishing connection after every publish before it)
 * lets that count grow, past what it was when asked, by this node's share of the room the
 * fullest subscriber has left. A publish the grants have no room for waits on a handler's thread: the
 * handler then holds its connection's messages, whose socket stops being read, and the client
 * that floods is slowed down rather than the node that reads. A network thread never waits (a
 * handler run inline, Lettuce's own): its bytes are counted all the same, so the publishes
 * after it wait for them. Nobody waits longer than {@code maxWait}, and a Redis that does not
 * answer within the ask's timeout lets every publish go (to fail, if it is away).
 *
 * <p>Idle or under light load, a grant lasts long and Redis is asked rarely (when half of it is
 * used); under a flood, as fast as it answers.
 */
final class PublishCredit {
    // How often a publish that waits looks again, and how often Redis is asked at most while the
    // grants are short: a subscriber that reads slowly is not asked about faster than it can change.
    private static final long LOOK_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Supplier<CompletionStage<SubscriberRoom.Grant>> ask;
    private final long maxWaitNanos;
    private final long askTimeoutMillis;
    // Bytes published since the start.
    private final AtomicLong sent = new AtomicLong();
    // What the grants cover: publishes may go out while the bytes sent stay under this count.
    private volatile long covered;
    // The last grant's size, to ask again when half of it is used.
    private volatile long lastGrant;
    // A grant were every subscriber empty: a publish bigger than it waits for no more than that.
    private volatile long wholeGrant;
    private volatile long lastAnswer = System.nanoTime();
    // No bound: Redis refuses to say how full its subscribers are.
    private volatile boolean off;
    private final AtomicBoolean asking = new AtomicBoolean();

    /**
     * @param ask what this node may publish beyond what it had published when asked
     * @param maxWaitNanos how long a publish waits for room at most
     * @param askTimeoutMillis how long an answer may take before Redis counts as away
     */
    PublishCredit(Supplier<CompletionStage<SubscriberRoom.Grant>> ask, long maxWaitNanos, long askTimeoutMillis) {
        this.ask = ask;
        this.maxWaitNanos = maxWaitNanos;
        this.askTimeoutMillis = askTimeoutMillis;
    }

    /** Asks Redis for the first grant, and waits for it (at most the ask's timeout). */
    void start() {
        asking.set(true);
        askNow();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(askTimeoutMillis);
        while (asking.get() && System.nanoTime() - deadline < 0) LockSupport.parkNanos(LOOK_AGAIN_NANOS);
    }

    /** Counts {@code bytes} as published; waits first, off network threads, until a grant has room for them. */
    void take(long bytes) {
        if (off || tryTake(bytes)) return;
        if (ThreadExecutorMap.currentExecutor() == null) {
            // No lock, no notification: the answer comes on a Lettuce thread, which must never wait
            // for a publishing thread, and a publish that waits looks again every millisecond.
            long deadline = System.nanoTime() + maxWaitNanos;
            while (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
                askSoon();
                if (off || tryTake(bytes)) return;
                LockSupport.parkNanos(LOOK_AGAIN_NANOS);
            }
        }
        // A network thread never waits; nor does a publish past its wait: counted all the same,
        // so that the publishes after it wait for it.
        sent.addAndGet(bytes);
        askSoon();
    }

    /** Counts {@code bytes} as published if the grants have room for them (a publish bigger than a whole grant: if a whole grant is free). */
    private boolean tryTake(long bytes) {
        long needs = Math.min(bytes, Math.max(wholeGrant, 1));
        while (true) {
            long before = sent.get();
            long left = covered - before - needs;
            if (left < 0) return false;
            if (sent.compareAndSet(before, before + bytes)) {
                if (left < lastGrant / 2) askSoon();
                return true;
            }
        }
    }

    private void askSoon() {
        if (!asking.compareAndSet(false, true)) return;
        if (lastGrant < wholeGrant / 4 && System.nanoTime() - lastAnswer < LOOK_AGAIN_NANOS) {
            asking.set(false);
            return;
        }
        askNow();
    }

    private void askNow() {
        long asked = sent.get();
        CompletableFuture<SubscriberRoom.Grant> answer;
        try {
            answer = ask.get().toCompletableFuture();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(askTimeoutMillis, TimeUnit.MILLISECONDS).whenComplete((granted, failure) -> {
            if (failure != null) {
                // Redis away, or too slow to say: the publishes go (and fail, if it is away); the next one asks again.
                covered = Long.MAX_VALUE / 2;
                lastGrant = Long.MAX_VALUE;
            } else if (granted.bytes() == Long.MAX_VALUE) {
                off = true;
            } else {
                covered = asked + granted.bytes();
                lastGrant = granted.bytes();
                wholeGrant = granted.whole();
            }
            lastAnswer = System.nanoTime();
            asking.set(false);
        });
    }
}
