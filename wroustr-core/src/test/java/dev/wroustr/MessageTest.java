package dev.wroustr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class MessageTest {
    @Test
    void paramReplacesInPlaceAndLeavesTheOriginalAlone() {
        Message first = Message.route("@A").param("a", "1").param("b", 2L).param("c", true);
        Message second = first.param("a", "9");
        assertThat(second.toText()).isEqualTo("@A #a 9 #b 2 #c true");
        assertThat(first.toText()).isEqualTo("@A #a 1 #b 2 #c true");
    }

    @Test
    void paramsAddsInTheirOrder() {
        Message message = Message.route("@A").param("b", "0").params(Params.of("a", "1", "b", "2"));
        assertThat(message.params().keys()).containsExactly("b", "a");
        assertThat(message.params().get("b")).isEqualTo("2");
    }

    @Test
    void equalityIsRouteAndOrderedParams() {
        Message m = Message.of("@A", Params.of("x", "1"));
        assertThat(m).isEqualTo(Message.route("@A").param("x", "1"))
                .hasSameHashCodeAs(Message.route("@A").param("x", "1"))
                .isNotEqualTo(Message.route("@a").param("x", "1"));
        assertThat(m.toString()).isEqualTo(m.toText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOGIN", "@", "", "@A B", "@A\tB", "@A\n", " @A", "CONNECTED"})
    void badRouteIsRefusedNamingIt(String route) {
        assertThatThrownBy(() -> Message.route(route))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route must start with '@' and hold no white space: \"" + route + "\"");
        assertThatThrownBy(() -> Message.of(route, Params.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullRouteIsRefused() {
        assertThatThrownBy(() -> Message.route(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": null");
    }

    @Test
    void routeMayHoldNonAsciiSpaceAndPunctuation() {
        assertThat(Message.route("@A\u00A0B'\"").toText()).isEqualTo("@A\u00A0B'\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a\tb", "\n"})
    void badKeyIsRefusedNamingIt(String key) {
        assertThatThrownBy(() -> Message.route("@A").param(key, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + key + "\"");
        assertThatThrownBy(() -> Message.of("@A", Params.of(key, "v"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullValueIsRefused() {
        assertThatThrownBy(() -> Message.route("@A").param("k", (String) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void writerQuotesEveryUnicodeWhiteSpaceButNotLookalikes() {
        for (char c : "\u0085\u00A0\u1680\u2000\u200A\u2028\u2029\u202F\u205F\u3000\u000B\f".toCharArray()) {
            assertThat(Message.route("@A").param("k", "a" + c).toText()).as("U+%04X", (int) c).endsWith("'");
        }
        // Character.isWhitespace says yes to these, Unicode White_Space says no.
        assertThat(Message.route("@A").param("k", "a\u001Cb\u200Bc").toText()).isEqualTo("@A #k a\u001Cb\u200Bc");
    }

    @Test
    void writerLeavesOtherCharsLiteralInsideQuotes() {
        Message message = Message.route("@A").param("k", "\"\u000B\u2028\uD83D\uDE00");
        assertThat(message.toText()).isEqualTo("@A #k '\"\u000B\u2028\uD83D\uDE00'");
        assertThat(Message.parse(message.toText())).isEqualTo(message);
    }

    @Test
    void valuesThatLookLikeSyntaxStayBareWhenSafe() {
        assertThat(Message.route("@A").param("k", "#j").param("at", "@B").toText()).isEqualTo("@A #k #j #at @B");
    }

    @Test
    void loneSurrogateIsWrittenAsQuestionMarkAsUtf8OnTheWireHasIt() {
        Message message = Message.route("@A\uD800").param("k\uDC00", "x\uD83D").param("pair", "\uD83D\uDE00");

        assertThat(message.toText()).isEqualTo("@A? #k? x? #pair \uD83D\uDE00");
    }
}
