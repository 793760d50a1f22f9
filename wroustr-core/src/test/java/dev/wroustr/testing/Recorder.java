package dev.wroustr.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A queue of events from other threads: tests wait on it instead of sleeping. */
public final class Recorder<T> {
    /** How many taken events a failure lists: the last ones, so a long run holds no more. */
    private static final int REMEMBERED = 100;

    private final BlockingQueue<T> events = new LinkedBlockingQueue<>();
    private final ArrayDeque<T> taken = new ArrayDeque<>();

    public void add(T event) {
        events.add(event);
    }

    /** The next event; fails after 5 s, saying what did arrive. */
    public T take() {
        return take(5);
    }

    public T take(int seconds) {
        try {
            T event = events.poll(seconds, TimeUnit.SECONDS);
            if (event == null) fail("nothing arrived in " + seconds + " s; taken before (the last " + REMEMBERED + " at most): " + taken);
            if (taken.size() == REMEMBERED) taken.removeFirst();
            taken.addLast(event);
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next {@code count} events, in order. */
    public List<T> take(int count, int seconds) {
        List<T> all = new ArrayList<>();
        for (int i = 0; i < count; i++) all.add(take(seconds));
        return all;
    }

    /** Nothing more arrived, waiting {@code millis} for a straggler. */
    public void assertExhausted(long millis) {
        try {
            T event = events.poll(millis, TimeUnit.MILLISECONDS);
            assertThat(event).as("unexpected event").isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether nothing is waiting now. */
    public boolean isEmpty() {
        return events.isEmpty();
    }

    public void assertExhausted() {
        assertThat(events).as("unexpected events").isEmpty();
    }
}
