package dev.wroustr;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The word-wise check agrees with a byte-by-byte one on any ASCII, at every length and offset. */
class AsciiWordsProperties {
    @Property(tries = 5000)
    void agreesWithAByteByByteLook(@ForAll("ascii") byte[] ascii) {
        int quotes = 0;
        boolean plain = true;
        for (byte b : ascii) {
            if (b == '\'') quotes++;
            if (b < 0x20 || b == '\\' || b == '"') plain = false;
        }
        assertThat(AsciiWords.plainWithQuotes(ascii, quotes)).isEqualTo(plain);
        assertThat(AsciiWords.plainWithQuotes(ascii, quotes + 1)).isFalse();
        if (quotes > 0) assertThat(AsciiWords.plainWithQuotes(ascii, quotes - 1)).isFalse();
    }

    /** Mostly letters and spaces, the chars that matter often, a few of any ASCII. */
    @Provide
    Arbitrary<byte[]> ascii() {
        Arbitrary<Byte> common = Arbitraries.of((byte) 'a', (byte) 'Z', (byte) ' ', (byte) '#', (byte) '@', (byte) '~');
        Arbitrary<Byte> tricky = Arbitraries.of((byte) '\'', (byte) '"', (byte) '\\', (byte) 0, (byte) '\t', (byte) 0x1F, (byte) 0x7F);
        Arbitrary<Byte> any = Arbitraries.bytes().between((byte) 0, (byte) 0x7F);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(8, common), net.jqwik.api.Tuple.of(1, tricky), net.jqwik.api.Tuple.of(1, any))
                .array(byte[].class).ofMaxSize(40);
    }
}
