package dev.wroustr.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.CloseCodes;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.server.Server;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The meters as a Prometheus scrape shows them, the text a {@code /metrics} endpoint serves. */
@Timeout(20)
class PrometheusScrapeTest {
    @Test
    void scrapeHoldsTheMetersAfterTraffic() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Recorder<Params> disconnected = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("@ECHO", (params, dispatcher, state) -> dispatcher.send(Message.route("@ECHO").param("v", params.require("v"))));
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params));
        WroustrMetrics.bind(server, registry);
        try (var running = server.start();
             var client = TestClient.connect(running.uri())) {
            client.send("@ECHO #v 1").send("@ECHO #v 2");
            client.assertText("@ECHO #v 1");
            client.assertText("@ECHO #v 2");
            client.socket().sendClose(CloseCodes.NORMAL, "").get(5, TimeUnit.SECONDS);
            disconnected.take();

            String scrape = registry.scrape();
            assertThat(scrape)
                    .contains("wroustr_connections_open 0.0")
                    .contains("wroustr_connections_opened_total 1.0")
                    .contains("wroustr_connections_closed_total{code=\"1000\"} 1.0")
                    .contains("wroustr_messages_in_total{route=\"@ECHO\"} 2.0")
                    .contains("wroustr_messages_out_total{route=\"@ECHO\"} 2.0")
                    .contains("wroustr_handler_time_seconds_count{route=\"@ECHO\"} 2")
                    .contains("wroustr_handler_time_seconds{route=\"@ECHO\",quantile=\"0.99\"}")
                    .contains("wroustr_messages_invalid_total 0.0");
        }
    }
}
