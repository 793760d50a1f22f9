package dev.wroustr.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a publishing node reads from Redis' answers: the fullest subscriber of its cluster, and the room it leaves. */
class SubscriberRoomTest {
    private static final String LIST = String.join("\n",
            "id=6 addr=127.0.0.1:1 laddr=127.0.0.1:2 fd=9 name=wroustr-a age=5 flags=P sub=4 obl=0 oll=0 omem=0 tot-mem=1928 cmd=subscribe",
            "id=9 addr=127.0.0.1:3 laddr=127.0.0.1:2 fd=12 name=wroustr-b age=4 flags=P sub=5 obl=16384 oll=9 omem=282840 tot-mem=320688 cmd=subscribe",
            "id=12 addr=127.0.0.1:4 laddr=127.0.0.1:2 fd=13 name=wroustr-gone age=4 flags=P sub=5 obl=16384 oll=30 omem=999999 cmd=subscribe",
            "id=13 addr=127.0.0.1:5 laddr=127.0.0.1:2 fd=14 name=someone-else age=4 flags=P sub=1 omem=777777 cmd=subscribe",
            "id=14 addr=127.0.0.1:6 laddr=127.0.0.1:2 fd=15 name= age=4 flags=P sub=1 omem=888888 cmd=subscribe", "");

    @Test
    void onlyTheSubscribersOfNodesInPresenceCount() {
        assertThat(SubscriberRoom.fullest(LIST, Set.of("a", "b"))).isEqualTo(282840);
        assertThat(SubscriberRoom.fullest(LIST, Set.of("a"))).isZero();
        assertThat(SubscriberRoom.fullest(LIST, Set.of())).isZero();
    }

    @Test
    void theRoomIsHalfTheSmallerPubsubLimit() {
        assertThat(SubscriberRoom.safeOf(Map.of("client-output-buffer-limit",
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"))).isEqualTo(4L << 20);
        assertThat(SubscriberRoom.safeOf(Map.of("client-output-buffer-limit", "pubsub 262144 0 0"))).isEqualTo(128L << 10);
        assertThat(SubscriberRoom.safeOf(Map.of("client-output-buffer-limit", "pubsub 0 0 0"))).isEqualTo(16L << 20);
        // Redis will not say (a renamed CONFIG): its defaults.
        assertThat(SubscriberRoom.safeOf(Map.of())).isEqualTo(4L << 20);
    }
}
