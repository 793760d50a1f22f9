package dev.wroustr.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretTest {
    private static final class Made extends Secret {}

    @Test
    void aSecretIs144RandomBitsInBase64urlAndIsFoundByItsText() {
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Made made = new Made();
            String text = made.text();
            assertThat(text).hasSize(24).matches("[A-Za-z0-9_-]{24}");
            assertThat(texts.add(text)).isTrue();
            Secret presented = Secret.parse(text);
            assertThat(presented).isEqualTo(made).hasSameHashCodeAs(made);
            assertThat(presented.text()).isEqualTo(text);
            made.renew();
            assertThat(made.text()).isNotEqualTo(text);
            assertThat(Secret.parse(text)).isNotEqualTo(made);
        }
    }

    @Test
    void textThatCannotBeASecretFindsNone() {
        assertThat(Secret.parse("")).isNull();
        assertThat(Secret.parse("kq3Wb2mXn8Zr5Tv1Yh7Lp0Q")).isNull(); // 23 chars
        assertThat(Secret.parse("kq3Wb2mXn8Zr5Tv1Yh7Lp0Qee")).isNull(); // 25
        assertThat(Secret.parse("kq3Wb2mXn8Zr5Tv1Yh7Lp0Q+")).isNull(); // base64, not base64url
        assertThat(Secret.parse("kq3Wb2mXn8Zr5Tv1Yh7Lp0Q=")).isNull();
    }
}
