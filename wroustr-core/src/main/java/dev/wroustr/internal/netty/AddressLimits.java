package dev.wroustr.internal.netty;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Handshakes a second and open connections per client address. An IPv6 address counts by its
 * /64, as one subscriber usually holds a whole /64; loopback addresses are not limited (the
 * host itself: a benchmark, or a proxy on the same host that should be named in
 * {@code trustProxies}). An address is remembered while it has connections open or its
 * bucket is not yet full again, so a connect-and-close loop cannot reset its own count.
 */
final class AddressLimits {
    /** What {@link #open} decided. */
    enum Outcome { OPENED, TOO_MANY_HANDSHAKES, TOO_MANY_CONNECTIONS, UNLIMITED }

    private record Key(long high, long low) {
        static Key of(InetAddress address) {
            byte[] bytes = address.getAddress();
            long high = 0;
            // IPv4 whole; IPv6 its first 8 bytes (the /64).
            for (int i = 0; i < Math.min(8, bytes.length); i++) high = high << 8 | (bytes[i] & 0xFF);
            return new Key(high, bytes.length);
        }
    }

    /** One address's bucket of handshakes and its open connections; guarded by the map's compute. */
    private static final class Entry {
        double tokens;
        long refilledAt;
        int open;
    }

    private final int maxConnections;
    private final int handshakesPerSecond;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong sweptAt = new AtomicLong(System.nanoTime());

    AddressLimits(int maxConnections, int handshakesPerSecond) {
        this.maxConnections = maxConnections;
        this.handshakesPerSecond = handshakesPerSecond;
    }

    /**
     * Counts a handshake from {@code address} and, if it is within both limits, one more
     * connection open from it, which {@link #close} gives back.
     */
    Outcome open(InetAddress address) {
        if (address.isLoopbackAddress()) return Outcome.UNLIMITED;
        long now = System.nanoTime();
        sweep(now);
        Outcome[] outcome = new Outcome[1];
        entries.compute(Key.of(address), (key, entry) -> {
            if (entry == null) {
                entry = new Entry();
                entry.tokens = handshakesPerSecond;
                entry.refilledAt = now;
            }
            refill(entry, now);
            if (entry.tokens < 1) {
                outcome[0] = Outcome.TOO_MANY_HANDSHAKES;
                return entry;
            }
            entry.tokens -= 1;
            if (entry.open >= maxConnections) {
                outcome[0] = Outcome.TOO_MANY_CONNECTIONS;
                return entry;
            }
            entry.open++;
            outcome[0] = Outcome.OPENED;
            return entry;
        });
        return outcome[0];
    }

    /** A connection {@link #open} counted has closed. */
    void close(InetAddress address) {
        entries.computeIfPresent(Key.of(address), (key, entry) -> {
            entry.open--;
            return entry;
        });
    }

    /** How many addresses are remembered: for tests of leaks. */
    int size() {
        return entries.size();
    }

    private void refill(Entry entry, long now) {
        double earned = (now - entry.refilledAt) * (double) handshakesPerSecond / TimeUnit.SECONDS.toNanos(1);
        entry.tokens = Math.min(handshakesPerSecond, entry.tokens + earned);
        entry.refilledAt = now;
    }

    /** At most once a second, forgets the addresses with nothing open and a full bucket: they would start afresh anyway. */
    private void sweep(long now) {
        long last = sweptAt.get();
        if (now - last < TimeUnit.SECONDS.toNanos(1) || !sweptAt.compareAndSet(last, now)) return;
        for (Key key : entries.keySet()) {
            entries.computeIfPresent(key, (k, entry) -> {
                refill(entry, now);
                return entry.open == 0 && entry.tokens >= handshakesPerSecond ? null : entry;
            });
        }
    }
}
