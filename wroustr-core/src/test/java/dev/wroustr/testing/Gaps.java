package dev.wroustr.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Checks on numbered streams: where a list of numbers is not 0, 1, 2, ..., and waiting for one to fill. */
public final class Gaps {
    private Gaps() {}

    /** Where {@code got} is not 0, 1, 2, ...: each break as "at index: previous -> next". */
    public static List<String> of(List<Integer> got) {
        List<String> gaps = new ArrayList<>();
        synchronized (got) {
            int previous = -1;
            for (int i = 0; i < got.size(); i++) {
                if (got.get(i) != previous + 1) gaps.add("at " + i + ": " + previous + " -> " + got.get(i));
                previous = got.get(i);
            }
        }
        return gaps;
    }

    /** Waits up to {@code seconds} for {@code list} to hold {@code size} numbers. */
    public static void awaitSize(List<Integer> list, int size, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (list.size() < size && System.nanoTime() < deadline) Thread.sleep(10);
    }
}
