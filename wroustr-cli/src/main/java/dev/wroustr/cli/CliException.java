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
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        if (t instanceof java.net.UnknownHostException) return "unknown host " + t.getMessage();
        String message = t.getMessage();
        if (message == null || message.isBlank()) return t.getClass().getSimpleName();
        // Netty prefixes "connection refused" with the address it was given, which the user knows.
        int colon = message.indexOf(": ");
        if (t instanceof java.net.ConnectException && colon > 0) message = message.substring(0, colon);
        return message;
    }
}
