package dev.wroustr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looks at ASCII bytes eight at a time, for the writer's check that a parsed text can go on
 * the wire as it is: a table lookup a char costs several times more. Every method takes arrays
 * of ASCII only (no byte above 0x7F), which keeps each byte's arithmetic from carrying into
 * the next.
 */
final class AsciiWords {
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long LETTERS = ONES * 'A'; // fills a word's unused bytes: nothing to find

    private AsciiWords() {}

    /**
     * Whether {@code ascii} holds no control char, no backslash, no double quote, and exactly
     * {@code singleQuotes} single quotes.
     */
    static boolean plainWithQuotes(byte[] ascii, int singleQuotes) {
        int length = ascii.length;
        if (length < Long.BYTES) return plainWithQuotesByByte(ascii, singleQuotes);
        long flagged = 0;
        int quotes = 0;
        for (int i = 0; i < length; i += Long.BYTES) {
            long word = i <= length - Long.BYTES ? (long) WORDS.get(ascii, i) : lastWord(ascii, i);
            flagged |= unwanted(word);
            quotes += Long.bitCount(equal(word, '\''));
        }
        return flagged == 0 && quotes == singleQuotes;
    }

    /** The bytes from {@code i} to the end, less than eight: letters fill the rest of the word. */
    private static long lastWord(byte[] ascii, int i) {
        // The last eight bytes, with those before i, seen already, shifted out.
        int seen = i - (ascii.length - Long.BYTES);
        return (long) WORDS.get(ascii, ascii.length - Long.BYTES) >>> (8 * seen) | LETTERS << (64 - 8 * seen);
    }

    private static boolean plainWithQuotesByByte(byte[] ascii, int singleQuotes) {
        int quotes = 0;
        for (byte b : ascii) {
            if (b < 0x20 || b == '\\' || b == '"') return false;
            if (b == '\'') quotes++;
        }
        return quotes == singleQuotes;
    }

    /** Bit 7 set in each byte that is a control char, a backslash or a double quote. */
    private static long unwanted(long word) {
        return below(word, 0x20) | equal(word, '\\') | equal(word, '"');
    }

    /** Bit 7 set in each byte equal to {@code b}, and no other bit. */
    private static long equal(long word, int b) {
        // Zero where equal; adding 0x7F sets bit 7 of every byte but those.
        return ~((word ^ ONES * b) + LOWS) & HIGHS;
    }

    /** Bit 7 set in each byte below {@code n} (at most 0x80), and no other bit. */
    private static long below(long word, int n) {
        return ~(word + ONES * (0x80 - n)) & HIGHS;
    }
}
