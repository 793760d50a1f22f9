package dev.wroustr;

/** Parses wire text per PROTOCOL.md section 2. Stateless; safe from any thread. */
final class MessageParser {
    private MessageParser() {}

    static Message parse(String text, int maxParams) {
        throw new UnsupportedOperationException("TODO");
    }
}
