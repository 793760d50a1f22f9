package dev.wroustr.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metadata IDEs complete {@code wroustr.*} from: written by the configuration processor at build time. */
class ConfigurationMetadataTest {
    @Test
    void everyPropertyIsDescribed() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json on the classpath").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String property : List.of("wroustr.enabled", "wroustr.host", "wroustr.port", "wroustr.path",
                "wroustr.max-message-bytes", "wroustr.max-params", "wroustr.max-queued-messages", "wroustr.max-outbound-bytes",
                "wroustr.max-connections", "wroustr.max-pending-requests", "wroustr.ping-interval", "wroustr.idle-timeout",
                "wroustr.handshake-timeout", "wroustr.shutdown-timeout", "wroustr.inline-handlers", "wroustr.event-loop-threads",
                "wroustr.compression", "wroustr.rate-limit.messages", "wroustr.rate-limit.period", "wroustr.rate-limit.routes",
                "wroustr.rate-limit.action", "wroustr.redis.uri", "wroustr.redis.key-prefix", "wroustr.redis.lease",
                "wroustr.redis.timeout", "wroustr.tls.certificate-chain", "wroustr.tls.private-key")) {
            int at = json.indexOf("\"name\": \"" + property + "\"");
            assertThat(at).as(property).isNotNegative();
            // Each entry of the processor's output holds a description, from the record's @param.
            int end = json.indexOf('}', at);
            int start = json.lastIndexOf('{', at);
            assertThat(json.substring(start, end)).as(property).contains("\"description\"");
        }
    }
}
