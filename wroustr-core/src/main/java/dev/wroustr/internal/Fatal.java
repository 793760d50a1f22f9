package dev.wroustr.internal;

/**
 * What the library treats as fatal: memory running out, or the JVM failing. After one, no
 * part of the process can be trusted to go on (a thread may have died half way through a
 * connection's work), so a server stops rather than serve some connections and strand others.
 */
public final class Fatal {
    private Fatal() {}

    /** Whether {@code e} is fatal. A stack overflow has unwound by the time it is caught: a handler's bug like any other. */
    public static boolean is(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }
}
