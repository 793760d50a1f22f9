package dev.wroustr;

/** Writes the canonical text of PROTOCOL.md section 8. Stateless; safe from any thread. */
final class MessageWriter {
    private MessageWriter() {}

    static String write(Message message) {
        throw new UnsupportedOperationException("TODO");
    }

    /** @throws IllegalArgumentException naming the route if it cannot be written */
    static void checkRoute(String route) {
        throw new UnsupportedOperationException("TODO");
    }

    /** @throws IllegalArgumentException naming the key if it cannot be written */
    static void checkKey(String key) {
        throw new UnsupportedOperationException("TODO");
    }
}
