package dev.wroustr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A parsed message is written by copying its text where that text is canonical already, and
 * the general way elsewhere: both must give the text PROTOCOL.md section 8 prescribes.
 */
@Timeout(10)
class ParsedTextWritingTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "@A #k v #j 'a b'                 | @A #k v #j 'a b'",
        "`  @A  #k   v  `                 | @A #k v",
        "@A\t#k\tv                        | @A #k v",
        "@A #k\u000Bv\f#j 1               | @A #k v #j 1",
        "@A #k 'v'                        | @A #k v",
        "@A #k \"a b\"                    | @A #k 'a b'",
        "@A #k \"it's\"                   | @A #k 'it\\'s'",
        "@A #k it's                       | @A #k 'it\\'s'",
        "@A #k a\"b                       | @A #k 'a\"b'",
        "@A #k a\\b                       | @A #k 'a\\\\b'",
        "@A #k 'a\\tb'                    | @A #k 'a\\tb'",
        "@A #k ''                         | @A #k ''",
        "@A #k '' #j x                    | @A #k '' #j x",
        "@A #k 'a\\'b' #j 'c d'           | @A #k 'a\\'b' #j 'c d'",
        "@A #k v #k w                     | @A #k w",
        "@A #k v #j 1 #k 'w x'            | @A #k 'w x' #j 1",
        "@A #it's v                       | @A #it's v",
    })
    void writesTheCanonicalText(String text, String canonical) {
        Message message = Message.parse(text);
        assertThat(message.toText()).isEqualTo(canonical);
        assertThat(message.toUtf8()).isEqualTo(canonical.getBytes(StandardCharsets.UTF_8));
        assertThat(madeCopy(message).toText()).isEqualTo(canonical);
    }

    @Test
    void lineBreaksBetweenTokensBecomeSpaces() {
        assertThat(Message.parse("@A\r\n#k\nv\n#j 'a b'\n").toText()).isEqualTo("@A #k v #j 'a b'");
    }

    @Test
    void rawControlCharsInsideQuotesAreEscapedOrKept() {
        assertThat(Message.parse("@A #k 'a\tb\nc\rd'").toText()).isEqualTo("@A #k 'a\\tb\\nc\\rd'");
        // Vertical tab and form feed need quotes but no escape; other control chars not even quotes.
        assertThat(Message.parse("@A #k 'a\u000Bb\fc'").toText()).isEqualTo("@A #k 'a\u000Bb\fc'");
        assertThat(Message.parse("@A #k 'a\u0001b'").toText()).isEqualTo("@A #k a\u0001b");
    }

    @Test
    void nonAsciiGoesOutAsUtf8WhereverItIs() {
        for (String text : new String[] {
            "@A #k café", "@A #clé v", "@Ä #k v", "@A #k 'un café'", "@A #k \u4F60\u597D #j x", "@A #k '\uD83D\uDE00 x'",
            "@A #k a\u00A0b", "@A #k 'a\u2028b'"
        }) {
            String expected = madeCopy(Message.parse(text)).toText();
            Message message = Message.parse(text);
            assertThat(message.toText()).as(text).isEqualTo(expected);
            assertThat(message.toUtf8()).as(text).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Message.parse("@A #k 'café'").toText()).isEqualTo("@A #k café");
        assertThat(Message.parse("@A #k a\u00A0b").toText()).isEqualTo("@A #k 'a\u00A0b'");
    }

    @Test
    void changedParamsAreWrittenFromTheirValuesAndTheRestFromTheText() {
        Message parsed = Message.parse("@A #a 1 #b 'x y' #c 3 #d 4");
        assertThat(parsed.param("b", "z").toText()).isEqualTo("@A #a 1 #b z #c 3 #d 4");
        assertThat(parsed.param("e", "5 6").toText()).isEqualTo("@A #a 1 #b 'x y' #c 3 #d 4 #e '5 6'");
        assertThat(Message.of("@A", parsed.params().without("b")).toText()).isEqualTo("@A #a 1 #c 3 #d 4");
        assertThat(Message.of("@A", parsed.params().without("d")).toText()).isEqualTo("@A #a 1 #b 'x y' #c 3");
        assertThat(Message.of("@OTHER", parsed.params()).toText()).isEqualTo("@OTHER #a 1 #b 'x y' #c 3 #d 4");
    }

    @Test
    void paramsAlreadyReadAreWrittenAsBefore() {
        Message parsed = Message.parse("@A #a 1 #b 'x y' #c it's");
        String before = parsed.toText();
        assertThat(parsed.params().get("b")).isEqualTo("x y");
        assertThat(parsed.params().keys()).containsExactly("a", "b", "c");
        assertThat(parsed.toText()).isEqualTo(before).isEqualTo("@A #a 1 #b 'x y' #c 'it\\'s'");
    }

    @Test
    void manyParamsPastThoseThePlanHolds() {
        StringBuilder text = new StringBuilder("@A");
        StringBuilder canonical = new StringBuilder("@A");
        for (int i = 0; i < 40; i++) {
            text.append(i % 3 == 0 ? "  #k" : " #k").append(i).append(i % 2 == 0 ? " 'v w'" : " \"v\"");
            canonical.append(" #k").append(i).append(i % 2 == 0 ? " 'v w'" : " v");
        }
        Message message = Message.parse(text.toString(), 64);
        assertThat(message.toText()).isEqualTo(canonical.toString());
        assertThat(madeCopy(message).toText()).isEqualTo(canonical.toString());
    }

    /** The same message with every key and value made, so none is copied from the text. */
    static Message madeCopy(Message message) {
        Message copy = Message.route(message.route());
        for (String key : message.params().keys()) copy = copy.param(key, message.params().get(key));
        return copy;
    }
}
