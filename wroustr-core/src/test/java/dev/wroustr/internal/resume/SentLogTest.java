package dev.wroustr.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SentLogTest {
    /** A message of the test: its number, its size, and whether the log must release it. */
    private record Sent(long number, int size, boolean owned) {}

    @Test
    void keepsNumbersAndReleasesAsAPlainListOfTheUnacknowledgedWould() {
        Random random = new Random(21);
        for (int run = 0; run < 200; run++) {
            int maxMessages = 1 + random.nextInt(40);
            long maxBytes = 10 + random.nextInt(400);
            List<Sent> released = new ArrayList<>();
            SentLog<Sent> log = new SentLog<>(maxMessages, maxBytes, Sent::size, Sent::owned, released::add);
            // The model: every message sent and not acknowledged, oldest first.
            List<Sent> model = new ArrayList<>();
            List<Sent> owedRelease = new ArrayList<>();
            long sent = 0;
            boolean overrun = false;
            for (int step = 0; step < 300 && !overrun; step++) {
                if (random.nextInt(3) > 0) {
                    Sent message = new Sent(++sent, random.nextInt(12), random.nextBoolean());
                    log.sent(message);
                    model.add(message);
                    if (model.size() > maxMessages || model.stream().mapToLong(Sent::size).sum() > maxBytes) {
                        overrun = true;
                        model.stream().filter(Sent::owned).forEach(owedRelease::add);
                        model.clear();
                    }
                } else {
                    long received = Math.max(0, sent - random.nextInt(model.size() + 3));
                    log.acknowledged(received);
                    while (!model.isEmpty() && model.get(0).number() <= received) {
                        Sent gone = model.remove(0);
                        if (gone.owned()) owedRelease.add(gone);
                    }
                }
                assertThat(log.overrun()).isEqualTo(overrun);
                assertThat(log.size()).isEqualTo(model.size());
                assertThat(log.sent()).isEqualTo(sent);
                assertThat(released).containsExactlyElementsOf(owedRelease);
                long first = sent - model.size() + 1;
                for (long received = first - 2; received <= sent + 1; received++) {
                    boolean keeps = !overrun && received >= first - 1 && received <= sent;
                    assertThat(log.keepsAfter(received)).isEqualTo(keeps);
                    long from = received;
                    assertThat(log.after(received)).isEqualTo(keeps ? model.stream().filter(m -> m.number() > from).toList() : null);
                }
                long bytes = model.stream().mapToLong(Sent::size).sum();
                assertThat(log.full()).isEqualTo(model.size() >= maxMessages || bytes >= maxBytes);
            }
            log.clear();
            model.stream().filter(Sent::owned).forEach(owedRelease::add);
            assertThat(released).containsExactlyElementsOf(owedRelease);
            assertThat(log.size()).isZero();
        }
    }
}
