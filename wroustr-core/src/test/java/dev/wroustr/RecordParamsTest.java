package dev.wroustr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.ParamBindingException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Params bound to records ({@link Params#as}) and records written as params ({@link Params#from}). */
class RecordParamsTest {
    enum Color { RED, GREEN }

    record Everything(String s, int i, Integer boxedI, long l, Long boxedL, short sh, Short boxedSh, byte b, Byte boxedB,
            double d, Double boxedD, float f, Float boxedF, boolean z, Boolean boxedZ, char c, Character boxedC,
            Color color, UUID id, Optional<String> note, Optional<Integer> count) {}

    record Login(String user, int age) {
        Login {
            if (age < 13) throw new ParamException("age", "age must be at least 13");
        }
    }

    record Range(int from, int to) {
        Range {
            if (from > to) throw new IllegalArgumentException("from after to");
        }
    }

    record Unsupported(List<String> names) {}

    private static final String UUID_TEXT = "123e4567-e89b-12d3-a456-426614174000";

    private static Params everything() {
        return Params.of("s", "hi there", "i", "-7", "boxedI", "8", "l", "9000000000", "boxedL", "-1",
                "sh", "300", "boxedSh", "-300", "b", "127", "boxedB", "-128", "d", "2.5", "boxedD", "-1e3",
                "f", "1.5", "boxedF", "0.25", "z", "true", "boxedZ", "false", "c", "x", "boxedC", "é",
                "color", "GREEN", "id", UUID_TEXT, "note", "n", "count", "3", "extra", "ignored");
    }

    @Test
    void everySupportedTypeBinds() {
        Everything e = everything().as(Everything.class);
        assertThat(e).isEqualTo(new Everything("hi there", -7, 8, 9_000_000_000L, -1L, (short) 300, (short) -300,
                (byte) 127, (byte) -128, 2.5, -1000.0, 1.5f, 0.25f, true, false, 'x', 'é', Color.GREEN,
                UUID.fromString(UUID_TEXT), Optional.of("n"), Optional.of(3)));
    }

    @Test
    void absentOptionalsBindEmpty() {
        Everything e = everything().without("note").without("count").as(Everything.class);
        assertThat(e.note()).isEmpty();
        assertThat(e.count()).isEmpty();
    }

    @Test
    void aRecordWrittenAsParamsBindsBackEqual() {
        Everything e = everything().as(Everything.class);
        assertThat(Params.from(e).as(Everything.class)).isEqualTo(e);
        Everything none = everything().without("note").without("count").as(Everything.class);
        assertThat(Params.from(none).keys()).doesNotContain("note", "count");
        assertThat(Params.from(none).as(Everything.class)).isEqualTo(none);
    }

    @Test
    void messageOfRecordWritesItsComponentsInOrder() {
        assertThat(Message.of("@LOGIN", new Login("bob smith", 30)).toText()).isEqualTo("@LOGIN #user 'bob smith' #age 30");
    }

    @Test
    void writingANullComponentFailsNamingIt() {
        assertThatThrownBy(() -> Params.from(new Login(null, 20))).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("user");
    }

    @ParameterizedTest
    @CsvSource({
            "i, x, an int", "i, 1.5, an int", "boxedI, 99999999999, an int", "l, 1e3, a long", "sh, 40000, a short",
            "b, 128, a byte", "d, abc, a number", "f, --1, a number", "z, yes, a boolean (true or false)",
            "boxedZ, TRUE, a boolean (true or false)", "c, xy, one character", "color, red, 'one of'",
            "id, not-a-uuid, a UUID", "count, three, an int"})
    void malformedValueFailsNamingParamAndType(String key, String value, String what) {
        assertThatThrownBy(() -> everything().with(key, value).as(Everything.class))
                .isInstanceOfSatisfying(ParamBindingException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
                })
                .hasMessageStartingWith("param \"" + key + "\" is not " + what);
    }

    @ParameterizedTest
    @CsvSource({"s", "i", "boxedI", "z", "c", "color", "id"})
    void missingParamFailsNamingIt(String key) {
        assertThatThrownBy(() -> everything().without(key).as(Everything.class))
                .isInstanceOfSatisfying(ParamBindingException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.reason()).isEqualTo(Reason.MISSING);
                })
                .hasMessage("missing param \"" + key + "\"");
    }

    @Test
    void constructorThatThrowsRefusesTheParams() {
        assertThatThrownBy(() -> Params.of("user", "bob", "age", "9").as(Login.class))
                .isInstanceOfSatisfying(ParamBindingException.class, e -> {
                    assertThat(e.key()).isEqualTo("age");
                    assertThat(e.reason()).isEqualTo(Reason.REFUSED);
                    assertThat(e.getCause()).isInstanceOf(ParamException.class);
                })
                .hasMessage("Login refused its params: age must be at least 13");
        assertThatThrownBy(() -> Params.of("from", "5", "to", "1").as(Range.class))
                .isInstanceOfSatisfying(ParamBindingException.class, e -> {
                    assertThat(e.key()).isNull();
                    assertThat(e.reason()).isEqualTo(Reason.REFUSED);
                })
                .hasMessage("Range refused its params: from after to");
    }

    @Test
    void unsupportedComponentFailsAtOnceNamingIt() {
        assertThatThrownBy(() -> Params.empty().as(Unsupported.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("component names is a java.util.List<java.lang.String>");
    }
}
