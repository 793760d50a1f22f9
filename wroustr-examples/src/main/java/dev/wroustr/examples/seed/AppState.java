package dev.wroustr.examples.seed;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application state every route gets. Immutable fields, or thread-safe ones such as this
 * counter: handlers of different connections run in parallel.
 */
public record AppState(String name, AtomicInteger logins) {
    public AppState(String name) {
        this(name, new AtomicInteger());
    }

    @Override
    public String toString() {
        return "AppState[name=" + name + ", logins=" + logins.get() + "]";
    }
}
