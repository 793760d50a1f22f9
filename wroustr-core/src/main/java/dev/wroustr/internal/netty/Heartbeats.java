package dev.wroustr.internal.netty;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The heartbeat settings of a server or client, and one sweep per event loop that checks all
 * of that loop's connections: one timer per thread rather than one per connection, which at
 * tens of thousands of connections is the difference that shows in memory.
 */
final class Heartbeats {
    final long pingIntervalNanos;
    final long idleTimeoutNanos;
    private final ConcurrentHashMap<EventExecutor, Sweep> sweeps = new ConcurrentHashMap<>();

    Heartbeats(Duration pingInterval, Duration idleTimeout) {
        this.pingIntervalNanos = pingInterval.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /** Whether heartbeats are on: a zero ping interval turns them off. */
    boolean enabled() {
        return pingIntervalNanos > 0;
    }

    /** Starts checking {@code connection}; call on its event loop. */
    void add(EventExecutor loop, HeartbeatHandler connection) {
        sweeps.computeIfAbsent(loop, this::newSweep).add(connection);
    }

    private Sweep newSweep(EventExecutor loop) {
        Sweep sweep = new Sweep();
        long period = Math.min(pingIntervalNanos, idleTimeoutNanos);
        loop.scheduleAtFixedRate(sweep, period, period, TimeUnit.NANOSECONDS);
        return sweep;
    }

    /** The connections of one event loop, in a list threaded through the handlers themselves. */
    static final class Sweep implements Runnable {
        private HeartbeatHandler head; // event loop only

        void add(HeartbeatHandler connection) {
            connection.next = head;
            if (head != null) head.previous = connection;
            head = connection;
            connection.sweep = this;
        }

        void remove(HeartbeatHandler connection) {
            if (connection.previous != null) connection.previous.next = connection.next;
            else if (head == connection) head = connection.next;
            if (connection.next != null) connection.next.previous = connection.previous;
            connection.previous = connection.next = null;
            connection.sweep = null;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            HeartbeatHandler connection = head;
            while (connection != null) {
                HeartbeatHandler next = connection.next;
                connection.check(now);
                connection = next;
            }
        }
    }
}
