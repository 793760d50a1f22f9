package dev.wroustr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.ParseException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parser cases beyond the shared vectors: error offsets, limits, and the edges between tokens. */
@Timeout(10)
class MessageParserTest {
    @Test
    void emptyTextReportsEndOfText() {
        assertError("", Kind.EMPTY, 0);
        assertError(" \r\n\u000B\f", Kind.EMPTY, 5);
    }

    @Test
    void routeErrorsPointAtTheFirstToken() {
        assertError("  LOGIN #a 1", Kind.NOT_A_ROUTE, 2);
        assertError("\t@", Kind.NOT_A_ROUTE, 1);
        assertError("#k v", Kind.NOT_A_ROUTE, 0);
    }

    @Test
    void notAKeyPointsAtTheToken() {
        assertError("@A #a 1 b 2", Kind.NOT_A_KEY, 8);
        assertError("@A #a 1  #", Kind.NOT_A_KEY, 9);
        assertError("@A 'k' v", Kind.NOT_A_KEY, 3);
    }

    @Test
    void missingValueReportsEndOfText() {
        assertError("@A #a 1 #b \t", Kind.MISSING_VALUE, 12);
    }

    @Test
    void unterminatedQuoteReportsEndOfText() {
        assertError("@A #k 'it\\'s", Kind.UNTERMINATED_QUOTE, 12);
        assertError("@A #k \"a' ", Kind.UNTERMINATED_QUOTE, 10);
    }

    @Test
    void badEscapePointsAtTheBackslash() {
        assertError("@A #k 'ok\\n' #j 'x\\u0041'", Kind.BAD_ESCAPE, 18);
        assertError("@A #k \"\\ \"", Kind.BAD_ESCAPE, 7);
    }

    @Test
    void junkAfterQuotePointsAtTheJunk() {
        assertError("@A #k ''x", Kind.JUNK_AFTER_QUOTE, 8);
        assertError("@A #k 'a'\u00A0#j 1", Kind.JUNK_AFTER_QUOTE, 9);
        assertError("@A #k \"a\"'b'", Kind.JUNK_AFTER_QUOTE, 9);
    }

    @Test
    void tooManyParamsPointsAtTheFirstKeyOverTheLimit() {
        assertError("@A #a 1 #b 2", 1, Kind.TOO_MANY_PARAMS, 8);
        assertError("@A #a 1", 0, Kind.TOO_MANY_PARAMS, 3);
        assertThat(Message.parse("@A", 0).params().isEmpty()).isTrue();
    }

    @Test
    void repeatedKeyDoesNotCountAgainstTheLimit() {
        Message message = Message.parse("@A #a 1 #b 2 #a 3 #b 4", 2);
        assertThat(message.params()).isEqualTo(Params.of("a", "3", "b", "4"));
    }

    @Test
    void negativeLimitIsRefused() {
        assertThatThrownBy(() -> Message.parse("@A", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void firstProblemInTextOrderWins() {
        assertError("@A #a 'x' #b 'y\\q", 1, Kind.TOO_MANY_PARAMS, 10);
        assertError("@A b 'unterminated", Kind.NOT_A_KEY, 3);
    }

    @Test
    void quotesOnlyOpenAtTheStartOfAValue() {
        Message message = Message.parse("@A#'x' #k'1 a'b #q \"it's\"");
        assertThat(message.route()).isEqualTo("@A#'x'");
        assertThat(message.params()).isEqualTo(Params.of("k'1", "a'b", "q", "it's"));
    }

    @Test
    void escapedQuoteOfTheOtherKindIsKept() {
        assertThat(Message.parse("@A #k \"\\'\\\"\"").params().get("k")).isEqualTo("'\"");
    }

    @Test
    void quotedValueMayHoldAnyWhiteSpace() {
        assertThat(Message.parse("@A #k ' \t\n\u000B\f\r'").params().get("k")).isEqualTo(" \t\n\u000B\f\r");
    }

    @Test
    void manyParamsWithRepeatsKeepFirstPlaceAndLastValue() {
        StringBuilder text = new StringBuilder("@MANY");
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 500; i++) text.append(" #k").append(i).append(' ').append(round * 1000 + i);
        }
        Params params = Message.parse(text.toString(), 500).params();
        assertThat(params.size()).isEqualTo(500);
        assertThat(params.keyAt(0)).isEqualTo("k0");
        assertThat(params.keyAt(499)).isEqualTo("k499");
        assertThat(params.get("k7")).isEqualTo("2007");
    }

    private static void assertError(String text, Kind kind, int offset) {
        assertError(text, Message.DEFAULT_MAX_PARAMS, kind, offset);
    }

    private static void assertError(String text, int maxParams, Kind kind, int offset) {
        assertThatThrownBy(() -> Message.parse(text, maxParams))
                .as("parse(%s)", text)
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }
}
