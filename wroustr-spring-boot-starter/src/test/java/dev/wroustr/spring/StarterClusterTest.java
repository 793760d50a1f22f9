package dev.wroustr.spring;

import static dev.wroustr.spring.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.redis.RedisProcess;
import dev.wroustr.server.Server;
import dev.wroustr.test.TestClient;
import dev.wroustr.test.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/** Two applications made one cluster by {@code wroustr.redis.uri}, on a redis-server of the test's own. */
@Timeout(60)
class StarterClusterTest {
    private static ConfigurableApplicationContext node(String redisUri, String prefix) {
        return new SpringApplicationBuilder(ChatApp.class)
                .properties("wroustr.host=127.0.0.1", "wroustr.port=0", "wroustr.redis.uri=" + redisUri,
                        "wroustr.redis.key-prefix=" + prefix, "wroustr.redis.lease=1s")
                .run();
    }

    @Test
    void redisUriMakesTheApplicationsOneClusterAndHealthFollowsRedis() throws Exception {
        String prefix = "starter-" + UUID.randomUUID() + ":";
        try (RedisProcess redis = RedisProcess.start();
             ConfigurableApplicationContext one = node(redis.uri(), prefix);
             ConfigurableApplicationContext two = node(redis.uri(), prefix);
             TestServer serverOne = TestServer.of(one.getBean(Server.class).running());
             TestServer serverTwo = TestServer.of(two.getBean(Server.class).running())) {
            TestClient alice = serverOne.client();
            TestClient bob = serverTwo.client();
            eventually("bob online on node one", () -> serverOne.running().isOnline(bob.uuid()));
            alice.send(Message.route("@SAY").param("text", "hi everyone"));   // a broadcast spans both nodes
            assertThat(bob.expect("@SAID").params().get("from")).isEqualTo(alice.uuid());

            HealthIndicator health = one.getBean("wroustrHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsEntry("redis", "connected");
            redis.stop();
            eventually("health down", () -> health.health().getStatus().equals(Status.DOWN));
            assertThat(health.health().getDetails()).containsEntry("redis", "unreachable").containsEntry("listening", true);
            redis.restart();
            eventually("health up again", () -> health.health().getStatus().equals(Status.UP));
        }
    }

}
