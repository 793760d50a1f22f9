package dev.wroustr.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconnectTest {
    private static final Duration MIN = Duration.ofMillis(250);
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void evenTheFirstRetryIsSpreadSoClientsDroppedTogetherDoNotReturnTogether() {
        Set<Duration> delays = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            Duration delay = Reconnect.backoff(MIN, MAX).delay(1);
            assertThat(delay).isBetween(MIN, MIN.multipliedBy(2));
            delays.add(delay);
        }
        assertThat(delays).hasSizeGreaterThan(100);
    }

    @Test
    void theCapDoublesPerAttemptUpToMax() {
        Reconnect reconnect = Reconnect.backoff(MIN, MAX);
        for (int attempt = 1; attempt <= 100; attempt++) {
            Duration cap = attempt < 20 ? MIN.multipliedBy(1L << attempt) : MAX;
            Duration delay = reconnect.delay(attempt);
            assertThat(delay).isBetween(MIN, cap.compareTo(MAX) < 0 ? cap : MAX);
        }
        long longWaits = 0;
        for (int i = 0; i < 1_000; i++) {
            if (reconnect.delay(10).compareTo(Duration.ofSeconds(10)) > 0) longWaits++;
        }
        assertThat(longWaits).isGreaterThan(0);
    }

    @Test
    void minEqualToMaxWaitsExactlyThat() {
        assertThat(Reconnect.backoff(MIN, MIN).delay(1)).isEqualTo(MIN);
        assertThat(Reconnect.backoff(MIN, MIN).delay(7)).isEqualTo(MIN);
    }
}
