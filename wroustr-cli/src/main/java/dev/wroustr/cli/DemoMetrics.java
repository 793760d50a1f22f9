package dev.wroustr.cli;

import dev.wroustr.micrometer.WroustrMetrics;
import dev.wroustr.redis.RedisCluster;
import io.micrometer.core.instrument.FunctionCounter;
import dev.wroustr.server.HttpResponse;
import dev.wroustr.server.Server;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code wroustr demo --metrics}: the server's meters, scraped as Prometheus text at {@code /metrics}. */
final class DemoMetrics {
    static final String PATH = "/metrics";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private DemoMetrics() {}

    /**
     * Binds the meters of {@code server}, and of its {@code cluster} when it has one (Redis'
     * failed commands, and the subscriptions Redis dropped), and serves them at {@value #PATH},
     * the chat page everywhere else.
     */
    static PrometheusMeterRegistry enable(Server<DemoServer> server, RedisCluster cluster) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WroustrMetrics.bind(server, registry);
        if (cluster != null) {
            FunctionCounter.builder("wroustr.redis.failures", cluster, RedisCluster::failures)
                    .description("Redis commands that failed (Redis away, a timeout)").register(registry);
            FunctionCounter.builder("wroustr.redis.subscription.drops", cluster, RedisCluster::subscriptionDrops)
                    .description("times Redis dropped this node's subscription: what was published to it meanwhile was lost to it").register(registry);
        }
        server.http((request, demo) -> request.path().equals(PATH)
                ? HttpResponse.ok(PROMETHEUS_TEXT, registry.scrape())
                : DemoPage.serve(request, demo));
        return registry;
    }
}
