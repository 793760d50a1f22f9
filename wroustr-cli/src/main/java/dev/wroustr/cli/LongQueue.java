package dev.wroustr.cli;

import java.util.Arrays;

/** A FIFO of primitive longs on a growable ring: the send times of one connection's requests. */
final class LongQueue {
    private long[] ring;
    private int head;
    private int size;

    LongQueue(int capacity) {
        ring = new long[Integer.highestOneBit(Math.max(2, capacity - 1)) << 1];
    }

    void add(long value) {
        if (size == ring.length) grow();
        ring[(head + size) & (ring.length - 1)] = value;
        size++;
    }

    /** The oldest value, removed. Call only when {@link #size()} is positive. */
    long poll() {
        long value = ring[head];
        head = (head + 1) & (ring.length - 1);
        size--;
        return value;
    }

    long get(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    int size() {
        return size;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        long[] bigger = new long[ring.length * 2];
        for (int i = 0; i < size; i++) bigger[i] = get(i);
        ring = bigger;
        head = 0;
    }

    @Override
    public String toString() {
        long[] values = new long[size];
        for (int i = 0; i < size; i++) values[i] = get(i);
        return Arrays.toString(values);
    }
}
