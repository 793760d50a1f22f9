package dev.wroustr.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.internal.Reserved;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WelcomeTest {
    @Test
    void aFreshWelcomeIsTheCanonicalTextOfItsMessage() {
        String[] uuids = {"0f8fad5b-d9cb-469f-a165-70867728950e", "a b", "é", "'x"};
        String[] secrets = {null, "kq3Wb2mXn8Zr5Tv1Yh7Lp0Qe", "Zx8V_b1n-M4", "has space", "q\"uote", ""};
        String[] whys = {null, "unknown", "credentials-expired", "two words"};
        long[] windows = {0, 120_000, Long.MAX_VALUE};
        for (String uuid : uuids) {
            for (String secret : secrets) {
                for (String why : whys) {
                    for (long window : windows) {
                        Message expected = Message.route(Reserved.WELCOME_ROUTE).param("uuid", uuid);
                        if (secret != null) {
                            expected = expected.param("session", secret).param("window", window);
                            if (why != null) expected = expected.param("resumed", false).param("why", why);
                        }
                        assertThat(new String(Welcome.fresh(uuid, secret, window, why, null), StandardCharsets.UTF_8))
                                .isEqualTo(new String(expected.toUtf8(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }
}
