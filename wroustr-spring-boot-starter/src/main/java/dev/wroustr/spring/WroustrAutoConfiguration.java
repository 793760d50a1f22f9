package dev.wroustr.spring;

import dev.wroustr.micrometer.WroustrMetrics;
import dev.wroustr.server.Cluster;
import dev.wroustr.server.Server;
import dev.wroustr.spring.internal.RedisSupport;
import dev.wroustr.spring.internal.ServerHealthIndicator;
import dev.wroustr.spring.internal.ServerLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * A wroustr {@link Server} from the {@code wroustr.*} properties, started with the context and
 * closed with it. Every bean here backs off where the application defines its own. The
 * application state every handler gets is the bean named {@code wroustrState}, if there is one.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "wroustr", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(WroustrProperties.class)
public class WroustrAutoConfiguration {
    /** The bean that, if defined, is the state every handler gets. */
    public static final String STATE_BEAN = "wroustrState";

    /** The cluster of {@code wroustr.redis.uri}; a {@link Cluster} bean of the application's own takes its place. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "wroustr.redis", name = "uri")
    public Cluster wroustrCluster(WroustrProperties properties) {
        if (!ClassUtils.isPresent("dev.wroustr.redis.RedisCluster", getClass().getClassLoader())) {
            throw new IllegalStateException("wroustr.redis.uri is set, but dev.wroustr:wroustr-redis is not on the classpath");
        }
        // The server closes its cluster: no destroy method of the bean's own.
        return RedisSupport.cluster(properties.redis());
    }

    @Bean
    @ConditionalOnMissingBean
    public Server<Object> wroustrServer(WroustrProperties properties, BeanFactory beans, ObjectProvider<Cluster> cluster,
            ObjectProvider<WroustrServerCustomizer> customizers) {
        Object state = beans.containsBean(STATE_BEAN) ? beans.getBean(STATE_BEAN) : null;
        Server<Object> server = new Server<>(address(properties.host(), properties.port()), state);
        ServerProperties.apply(properties, server);
        cluster.ifAvailable(server::cluster);
        customizers.orderedStream().forEach(customizer -> customizer.customize(server));
        return server;
    }

    @Bean
    @ConditionalOnMissingBean
    public ServerLifecycle wroustrServerLifecycle(Server<?> server, ApplicationContext context) {
        return new ServerLifecycle(server, context, context.containsBean(STATE_BEAN) ? context.getBean(STATE_BEAN) : null);
    }

    private static String address(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The server's meters in the application's {@link MeterRegistry}, where it has one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({WroustrMetrics.class, MeterRegistry.class})
    static class Metrics {
        @Bean
        WroustrServerCustomizer wroustrMetrics(ObjectProvider<MeterRegistry> registry) {
            return server -> registry.ifUnique((Consumer<MeterRegistry>) r -> WroustrMetrics.bind(server, r));
        }
    }

    /** The health indicator {@code wroustr}, where Spring Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "wroustrHealthIndicator")
        HealthIndicator wroustrHealthIndicator(Server<?> server, ObjectProvider<Cluster> cluster) {
            return new ServerHealthIndicator(server, cluster.getIfAvailable());
        }
    }
}
