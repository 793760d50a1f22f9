package dev.wroustr.cli;

/**
 * A runtime failure the user can act on (a refused connection, a port in use). {@link Main}
 * prints its message as one line on stderr, with no stack trace, and exits with 1.
 */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The most useful one-line description of {@code e}: its deepest message, or its type. */
    static String describe(Throwable e) {
        return dev.wroustr.internal.netty.AttemptFailures.describe(e);
    }
}
