package dev.wroustr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ParamsTest {
    private final Params params = Params.of("n", "42", "big", "9000000000", "yes", "true", "no", "false",
            "pi", "3.5", "word", "abc");

    @Test
    void typedGettersReadTheirTypes() {
        assertThat(params.getInt("n")).isEqualTo(42);
        assertThat(params.getLong("big")).isEqualTo(9_000_000_000L);
        assertThat(params.getBoolean("yes")).isTrue();
        assertThat(params.getBoolean("no")).isFalse();
        assertThat(params.getDouble("pi")).isEqualTo(3.5);
    }

    @Test
    void fallbacksApplyOnlyWhenAbsent() {
        assertThat(params.getInt("absent", 7)).isEqualTo(7);
        assertThat(params.getLong("absent", 8L)).isEqualTo(8L);
        assertThat(params.getBoolean("absent", true)).isTrue();
        assertThat(params.get("absent", "x")).isEqualTo("x");
        assertThat(params.getInt("n", 7)).isEqualTo(42);
        assertThatThrownBy(() -> params.getInt("word", 7)).isExactlyInstanceOf(ParamException.class);
    }

    @Test
    void absentParamThrowsMissingParamExceptionNamingTheKey() {
        assertThat(params.get("absent")).isNull();
        assertThatThrownBy(() -> params.require("absent"))
                .isInstanceOfSatisfying(MissingParamException.class, e -> assertThat(e.key()).isEqualTo("absent"))
                .hasMessageContaining("\"absent\"");
        assertThatThrownBy(() -> params.getInt("absent")).isInstanceOf(MissingParamException.class);
        assertThatThrownBy(() -> params.getLong("absent")).isInstanceOf(MissingParamException.class);
        assertThatThrownBy(() -> params.getDouble("absent")).isInstanceOf(MissingParamException.class);
        assertThatThrownBy(() -> params.getBoolean("absent")).isInstanceOf(MissingParamException.class);
    }

    @Test
    void wrongTypeThrowsParamExceptionNamingTheKeyButNotTheValue() {
        assertThatThrownBy(() -> params.getInt("big"))
                .isExactlyInstanceOf(ParamException.class)
                .hasMessageContaining("\"big\"")
                .hasMessageNotContaining("9000000000");
        assertThatThrownBy(() -> params.getLong("word")).isExactlyInstanceOf(ParamException.class);
        assertThatThrownBy(() -> params.getDouble("word")).isExactlyInstanceOf(ParamException.class);
        assertThatThrownBy(() -> Params.of("b", "TRUE").getBoolean("b"))
                .isInstanceOfSatisfying(ParamException.class, e -> assertThat(e.key()).isEqualTo("b"));
    }

    @Test
    void withReplacesInPlaceAndAppendsNewKeys() {
        Params p = Params.of("a", "1", "b", "2");
        assertThat(p.with("a", "9").keys()).containsExactly("a", "b");
        assertThat(p.with("a", "9").get("a")).isEqualTo("9");
        assertThat(p.with("c", "3").keys()).containsExactly("a", "b", "c");
        assertThat(p.with("a", "1")).isSameAs(p);
        assertThat(p.get("a")).as("the original is unchanged").isEqualTo("1");
    }

    @Test
    void withoutRemovesAndKeepsTheRestInOrder() {
        Params p = Params.of("a", "1", "b", "2", "c", "3");
        assertThat(p.without("b").keys()).containsExactly("a", "c");
        assertThat(p.without("x")).isSameAs(p);
        assertThat(p.without("a").without("b").without("c")).isSameAs(Params.empty());
    }

    @Test
    void ofKeepsLastValueOfARepeatedKeyAtItsFirstPlace() {
        Params p = Params.of("a", "1", "b", "2", "a", "3");
        assertThat(p.asMap()).containsExactly(entry("a", "3"), entry("b", "2"));
        assertThat(p.keyAt(0)).isEqualTo("a");
        assertThat(p.valueAt(1)).isEqualTo("2");
    }

    @Test
    void ofRefusesAnOddCountAndNulls() {
        assertThatThrownBy(() -> Params.of("a", "1", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3");
        assertThatThrownBy(() -> Params.of("a", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalityNeedsSameOrder() {
        assertThat(Params.of("a", "1", "b", "2")).isEqualTo(Params.of("a", "1", "b", "2"))
                .hasSameHashCodeAs(Params.of("a", "1", "b", "2"))
                .isNotEqualTo(Params.of("b", "2", "a", "1"));
        assertThat(Params.of()).isSameAs(Params.empty());
    }

    @Test
    void accessorsAndToString() {
        Params p = Params.of("user", "bob", "room", "lobby");
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.isEmpty()).isFalse();
        assertThat(p.containsKey("user")).isTrue();
        assertThat(p.containsKey("User")).as("case-sensitive").isFalse();
        assertThat(p.toString()).isEqualTo("{user=bob, room=lobby}");
        assertThatThrownBy(() -> p.keyAt(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void parsedParamsKeepTheirValuesThroughWithAndWithout() {
        Params parsed = Message.parse("@R #a 'x\\'y' #b plain #c \"q q\" #a 'it\\'s' #d ''").params();
        Params changed = parsed.with("uuid", "u-1").without("b").with("c", "new");

        assertThat(changed.asMap()).containsExactly(
                entry("a", "it's"), entry("c", "new"), entry("d", ""), entry("uuid", "u-1"));
        assertThat(parsed.asMap()).containsExactly(
                entry("a", "it's"), entry("b", "plain"), entry("c", "q q"), entry("d", ""));
        assertThat(parsed).isEqualTo(Params.of("a", "it's", "b", "plain", "c", "q q", "d", ""))
                .hasSameHashCodeAs(Params.of("a", "it's", "b", "plain", "c", "q q", "d", ""));
    }

    @Test
    void parsedParamsSurviveAnyOrderOfWithAndWithout() {
        Params parsed = Message.parse("@R #a 1 #b 'two 2' #c 3 #d 'f\\'our'").params();
        Params grown = parsed.with("uuid", "u").with("x", "y");

        assertThat(grown.without("uuid").without("a").asMap()).containsExactly(
                entry("b", "two 2"), entry("c", "3"), entry("d", "f'our"), entry("x", "y"));
        assertThat(grown.without("x").without("c").with("b", "B").asMap()).containsExactly(
                entry("a", "1"), entry("b", "B"), entry("d", "f'our"), entry("uuid", "u"));
        assertThat(Message.of("@R", grown.without("b")).toText()).isEqualTo("@R #a 1 #c 3 #d 'f\\'our' #uuid u #x y");
    }
}
