package dev.wroustr.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResumeRequestTest {
    private static final List<String> NAMES = List.of("a", "ab", "a b", "wroustr-resume", "b");

    @Test
    void readsAQueryParamAsNettysDecoderDoes() {
        // Separators, escapes, '+' and '#' in every place a query can have them.
        String alphabet = "ab?=&;#+ -";
        String[] pieces = {"%20", "%61", "%3D", "%26", "wroustr-resume", "a"};
        Random random = new Random(21);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder uri = new StringBuilder(random.nextBoolean() ? "/" : "/path");
            int length = random.nextInt(14);
            for (int i = 0; i < length; i++) {
                if (random.nextInt(4) == 0) {
                    uri.append(pieces[random.nextInt(pieces.length)]);
                } else {
                    uri.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = uri.toString();
            for (String name : NAMES) {
                List<String> values = new QueryStringDecoder(text).parameters().get(name);
                String expected = values == null ? null : values.get(0);
                assertThat(ResumeRequest.param(text, name)).as("%s in %s", name, text).isEqualTo(expected);
            }
        }
    }

    @Test
    void aResumeNeedsItsSecretAndACountOfZeroOrMore() {
        assertThat(ResumeRequest.of("/?wroustr-resume=1&wroustr-session=s3cret&wroustr-received=7"))
                .isEqualTo(new ResumeRequest("s3cret", 7));
        assertThat(ResumeRequest.of("/?wroustr-session=s3cret")).isNull();
        assertThat(ResumeRequest.of("/?wroustr-session=s&wroustr-received=-1")).isNull();
        assertThat(ResumeRequest.of("/?wroustr-session=s&wroustr-received=x")).isNull();
        assertThat(ResumeRequest.offered("/?wroustr-resume")).isTrue();
        assertThat(ResumeRequest.offered("/")).isFalse();
        assertThat(ResumeRequest.offered("/#?wroustr-resume=1")).isFalse();
    }
}
