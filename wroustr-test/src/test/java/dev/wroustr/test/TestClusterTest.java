package dev.wroustr.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.redis.RedisProcess;
import dev.wroustr.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two nodes on a real Redis: the one WROUSTR_TEST_REDIS_URI names, or a redis-server of the test's own. */
@Timeout(30)
class TestClusterTest {
    record Dm(String to, String text) {}

    record Heard(String from, String text) {}

    private static void chat(Server<Void> server) {
        server.route("@DM", Dm.class, (dm, dispatcher, state) -> dispatcher.send(Message.route("@SENT")
                .param("ok", dispatcher.sendTo(dm.to(), Message.route("@DM").param("from", dispatcher.uuid()).param("text", dm.text())))));
    }

    @Test
    void clientsOnTwoNodesReachEachOther() throws Exception {
        try (TestCluster cluster = TestCluster.onRedis(RedisProcess.sharedUri(), 2, null, TestClusterTest::chat)) {
            TestClient alice = cluster.node(0).client();
            TestClient bob = cluster.node(1).client();
            cluster.awaitOnline(bob);
            alice.send(Message.of("@DM", new Dm(bob.uuid(), "hi bob")));
            assertThat(alice.expect("@SENT").params().getBoolean("ok")).isTrue();
            assertThat(bob.expect("@DM").params().as(Heard.class)).isEqualTo(new Heard(alice.uuid(), "hi bob"));
            alice.expectNothing();
        }
    }

    @Test
    void clustersOnOneRedisDoNotSeeEachOther() throws Exception {
        try (TestCluster one = TestCluster.onRedis(RedisProcess.sharedUri(), 1, null, TestClusterTest::chat);
             TestCluster two = TestCluster.onRedis(RedisProcess.sharedUri(), 1, null, TestClusterTest::chat)) {
            TestClient alice = one.node(0).client();
            TestClient bob = two.node(0).client();
            two.awaitOnline(bob);
            alice.send(Message.of("@DM", new Dm(bob.uuid(), "hi bob")));
            assertThat(alice.expect("@SENT").params().getBoolean("ok")).isFalse();
            bob.expectNothing();
        }
    }
}
