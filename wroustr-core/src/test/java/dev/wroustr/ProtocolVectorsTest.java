package dev.wroustr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.wroustr.internal.Reserved;
import dev.wroustr.testing.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/** Runs the conformance cases of {@code protocol/vectors.json}, which every implementation shares. */
@Timeout(10)
class ProtocolVectorsTest {
    private static final Map<String, Object> VECTORS = load();

    @Test
    void vectorsAreVersionOneAndDefaultLimitMatches() {
        assertThat(number(VECTORS.get("version"))).isEqualTo(1);
        assertThat(number(VECTORS.get("defaultMaxParams"))).isEqualTo(Message.DEFAULT_MAX_PARAMS);
    }

    @TestFactory
    Stream<DynamicTest> parse() {
        int defaultMax = number(VECTORS.get("defaultMaxParams"));
        return cases("parse").map(c -> dynamicTest((String) c.get("name"), () -> {
            String text = (String) c.get("text");
            int maxParams = c.containsKey("maxParams") ? number(c.get("maxParams")) : defaultMax;
            Map<String, Object> expect = map(c.get("expect"));
            if (expect.containsKey("error")) {
                assertThatThrownBy(() -> Message.parse(text, maxParams))
                        .isInstanceOfSatisfying(ParseException.class, e -> {
                            assertThat(e.kind().wireName()).isEqualTo(expect.get("error"));
                            assertThat(e.offset()).isEqualTo(number(expect.get("offset")));
                        });
            } else {
                Message message = Message.parse(text, maxParams);
                assertThat(message.route()).isEqualTo(expect.get("route"));
                assertThat(message.params()).isEqualTo(params(expect.get("params")));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> write() {
        return cases("write").map(c -> dynamicTest((String) c.get("name"), () -> {
            Message message = Message.of((String) c.get("route"), params(c.get("params")));
            assertThat(message.toText()).isEqualTo(c.get("text"));
            assertThat(Message.parse(message.toText())).isEqualTo(message);
        }));
    }

    /** The reserved forms of PROTOCOL.md sections 9 to 12, as the router tells them apart. */
    @TestFactory
    Stream<DynamicTest> reserved() {
        return cases("reserved").map(c -> dynamicTest((String) c.get("name"), () -> {
            Map<String, Object> expect = map(c.get("expect"));
            Message message = Message.parse((String) c.get("text"));
            Reserved form = Reserved.of(message.route(), message.params());
            assertThat(form.name().toLowerCase(Locale.ROOT).replace('_', '-')).isEqualTo(expect.get("kind"));
            assertThat(message.route()).isEqualTo(expect.get("route"));
            Params params = message.params();
            if (form == Reserved.REQUEST || form == Reserved.REFRESH || form == Reserved.REPLY || form == Reserved.ERROR_REPLY) {
                assertThat(params.valueAt(0)).isEqualTo(expect.get("id"));
                params = params.without(params.keyAt(0));
            }
            assertThat(params).isEqualTo(params(expect.get("params")));
        }));
    }

    private static Stream<Map<String, Object>> cases(String section) {
        List<?> cases = (List<?>) VECTORS.get(section);
        assertThat(cases).as(section).isNotEmpty();
        return cases.stream().map(ProtocolVectorsTest::map);
    }

    /** Params from the vectors' {@code [[key, value], ...]} form, keeping the order. */
    private static Params params(Object pairs) {
        Params params = Params.empty();
        for (Object pair : (List<?>) pairs) {
            List<?> kv = (List<?>) pair;
            params = params.with((String) kv.get(0), (String) kv.get(1));
        }
        return params;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static int number(Object o) {
        return ((BigDecimal) o).intValueExact();
    }

    private static Map<String, Object> load() {
        try (InputStream in = ProtocolVectorsTest.class.getResourceAsStream("/protocol/vectors.json")) {
            if (in == null) throw new IllegalStateException("protocol/vectors.json is not on the test classpath");
            return map(Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read protocol/vectors.json", e);
        }
    }
}
