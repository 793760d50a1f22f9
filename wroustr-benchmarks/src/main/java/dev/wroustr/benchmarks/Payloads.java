package dev.wroustr.benchmarks;

/** The messages the JMH benchmarks parse and write, so parser and writer see the same text. */
final class Payloads {
    /** A typical chat-like message: a few short params, one quoted value with spaces. */
    static final String TYPICAL =
            "@SAY #room lobby #seq 123456 #text 'hello there, how are you doing today?' #ok true";

    /** The smallest message: a route and nothing else. */
    static final String PING = "@PING";

    /** Exactly 1,024 characters: one long quoted value, the parser's and writer's bulk path. */
    static final String KIB = kib();

    private Payloads() {}

    private static String kib() {
        String head = "@SAY #room lobby #text '";
        String words = "the quick brown fox jumps over the lazy dog ";
        StringBuilder text = new StringBuilder(1024).append(head);
        // Leave room for the closing quote.
        while (text.length() < 1023) {
            text.append(words, 0, Math.min(words.length(), 1023 - text.length()));
        }
        return text.append('\'').toString();
    }
}
