package dev.wroustr.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a node puts one session's messages in order, and tells a message it delivered from another that took its number. */
class SessionOrderTest {
    private final List<String> delivered = new ArrayList<>();

    @Test
    void answersThatComeLongAfterAFillDeliveredTheirMessagesFromTheLogAreTheSameMessagesAndDeliveredOnce() {
        // A node whose Redis replies lag thousands of messages behind the log (a starved CPU): a
        // fill reads 3,000 messages from the log before the answers of their appends come.
        SessionOrder order = new SessionOrder(1, true);
        for (int seq = 1; seq <= 3_000; seq++) assertThat(order.offer(seq, mark(seq), "m" + seq, delivered::add, true)).isTrue();
        for (int seq = 1; seq <= 3_000; seq++) {
            assertThat(order.offer(seq, mark(seq), "m" + seq, delivered::add, false)).as("the answer of message %d", seq).isTrue();
        }
        assertThat(delivered).hasSize(3_000).first().isEqualTo("m1");
        assertThat(delivered.get(2_999)).isEqualTo("m3000");
        // Each answer comes once: another message with number 5 is one Redis gave the number to again.
        assertThat(order.offer(5, 77, "other", delivered::add, false)).isFalse();
        assertThat(order.offer(3_001, mark(3_001), "m3001", delivered::add, false)).isTrue();
        assertThat(delivered).hasSize(3_001);
    }

    @Test
    void aGapWaitsForItsMessageAndAFillOfItDeliversWhatWaited() {
        SessionOrder order = new SessionOrder(1, true);
        order.offer(1, mark(1), "m1", delivered::add, false);
        order.offer(3, mark(3), "m3", delivered::add, false);
        assertThat(delivered).containsExactly("m1");
        assertThat(order.firstWaiting()).isEqualTo(3);
        order.offer(2, mark(2), "m2", delivered::add, true);
        order.offer(3, mark(3), "m3", delivered::add, true);
        assertThat(delivered).containsExactly("m1", "m2", "m3");
        // The publish of 2, lost no more, only late: the same message.
        assertThat(order.offer(2, mark(2), "m2", delivered::add, false)).isTrue();
        assertThat(delivered).hasSize(3);
    }

    @Test
    void loggedNumbersKeepRunsAndSplitThemAsTheirAnswersCome() {
        LoggedNumbers numbers = new LoggedNumbers();
        for (long n = 10; n <= 20; n++) numbers.add(n);
        numbers.add(30);
        numbers.add(22);
        numbers.add(21);
        assertThat(numbers.runs()).isEqualTo(2);
        assertThat(numbers.remove(15)).isTrue();
        assertThat(numbers.remove(15)).isFalse();
        assertThat(numbers.runs()).isEqualTo(3);
        assertThat(numbers.remove(10)).isTrue();
        assertThat(numbers.remove(22)).isTrue();
        assertThat(numbers.remove(9)).isFalse();
        assertThat(numbers.remove(30)).isTrue();
        assertThat(numbers.runs()).isEqualTo(2);
    }

    private static int mark(long seq) {
        return (int) (seq * 7919 % 1_000_003) + 1;
    }
}
