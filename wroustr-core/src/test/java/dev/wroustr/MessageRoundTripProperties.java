package dev.wroustr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Timeout;

/** What PROTOCOL.md section 8 promises: every message survives writing and parsing. */
@Timeout(10)
class MessageRoundTripProperties {
    /** Characters the writer and parser treat specially, over-represented so they meet often. */
    private static final String TRICKY = "'\"\\#@ \t\n\r\u000B\f\u0085\u00A0\u1680\u2007\u2028\u2029\u202F\u3000\u001C";

    @Property(tries = 2000)
    void parseOfWriteGivesTheMessageBack(@ForAll("messages") Message message) {
        assertThat(Message.parse(message.toText())).isEqualTo(message);
    }

    @Property(tries = 2000)
    void parseThrowsOnlyParseExceptionAndWhatItAcceptsIsCanonicalAfterOneWrite(@ForAll("wireLike") String text) {
        Message message;
        try {
            message = Message.parse(text);
        } catch (ParseException e) {
            assertThat(e.offset()).isBetween(0, text.length());
            return;
        }
        String canonical = message.toText();
        assertThat(Message.parse(canonical)).isEqualTo(message);
        assertThat(Message.parse(canonical).toText()).isEqualTo(canonical);
    }

    @Property(tries = 2000)
    void everySpellingOfAMessageIsWrittenAsItsCanonicalText(@ForAll("messages") Message message, @ForAll Random random) {
        StringBuilder text = new StringBuilder(whiteSpace(random, 0)).append(message.route());
        message.params().forEach((key, value) ->
                text.append(whiteSpace(random, 1)).append('#').append(key).append(whiteSpace(random, 1)).append(spelling(value, random)));
        text.append(whiteSpace(random, 0));
        Message parsed = Message.parse(text.toString());
        assertThat(parsed.toText()).as(text.toString()).isEqualTo(message.toText());
        assertThat(parsed.toUtf8()).isEqualTo(message.toUtf8());
    }

    private static String whiteSpace(Random random, int least) {
        StringBuilder space = new StringBuilder();
        for (int n = least + random.nextInt(3); n > 0; n--) space.append(" \t\n\r\u000B\f".charAt(random.nextInt(6)));
        return space.toString();
    }

    /** The value as written alone, or between either quote with any escapes the grammar allows. */
    private static String spelling(String value, Random random) {
        String written = Message.route("@X").param("k", value).toText().substring("@X #k ".length());
        int way = random.nextInt(3);
        if (way == 0) return written;
        char quote = way == 1 ? '\'' : '"';
        StringBuilder quoted = new StringBuilder().append(quote);
        for (char c : value.toCharArray()) {
            boolean must = c == quote || c == '\\';
            boolean may = c == '\'' || c == '"' || c == '\n' || c == '\r' || c == '\t';
            if (must || may && random.nextBoolean()) {
                quoted.append('\\').append(switch (c) {
                    case '\n' -> 'n';
                    case '\r' -> 'r';
                    case '\t' -> 't';
                    default -> c;
                });
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(quote).toString();
    }

    @Property(tries = 1000)
    void parseThrowsOnlyParseExceptionOnAnyString(@ForAll String text) {
        try {
            Message.parse(text);
        } catch (ParseException expected) {
            // the only failure a wire text may cause
        }
    }

    /** Messages of well-formed Unicode: UTF-8 cannot carry a lone surrogate, so the wire has '?' there (MessageTest). */
    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<String> route = names().map(name -> "@" + wellFormed(name));
        Arbitrary<List<Tuple.Tuple2<String, String>>> params =
                Combinators.combine(names().map(MessageRoundTripProperties::wellFormed), values().map(MessageRoundTripProperties::wellFormed))
                        .as(Tuple::of).list().ofMaxSize(8);
        return Combinators.combine(route, params).as((r, ps) -> {
            Message message = Message.route(r);
            for (var p : ps) message = message.param(p.get1(), p.get2());
            return message;
        });
    }

    private static String wellFormed(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** Texts built from wire fragments, so that many of them parse or fail late. */
    @Provide
    Arbitrary<String> wireLike() {
        Arbitrary<String> fragment = Arbitraries.oneOf(
                Arbitraries.of("@", "#", "'", "\"", "\\", " ", "\t", "\n", "\\n", "\\'", "@A", " #k ", "''", "a", "\u00A0"),
                values());
        // Well-formed, as every text a frame carries is: the server refuses invalid UTF-8 with 1007.
        return fragment.list().ofMaxSize(12).map(parts -> wellFormed(String.join("", parts)));
    }

    /** Route names and keys: 1 to 20 chars of anything but ASCII white space, Unicode included. */
    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(
                        Arbitraries.strings().all(),
                        Arbitraries.strings().withChars(TRICKY + "aZ09-._$"),
                        Arbitraries.strings().alpha())
                .map(s -> s.replaceAll("[ \\t\\n\\u000B\\f\\r]", "_"))
                .filter(s -> !s.isEmpty())
                .map(s -> s.length() > 20 ? s.substring(0, 20) : s);
    }

    /** Any value: empty, Unicode, white space of every kind, quotes, backslashes, surrogate pairs. */
    private static Arbitrary<String> values() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(3),
                Arbitraries.strings().withChars(TRICKY).ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6),
                Arbitraries.integers().between(0x10000, 0x10FFFF).map(Character::toString));
        return piece.list().ofMaxSize(6).map(parts -> String.join("", parts));
    }
}
