package dev.wroustr.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.server.Server;
import dev.wroustr.testing.Recorder;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/** {@link Connector#close()} raises DISCONNECTED, with the code it closed with, before its threads stop. */
@Timeout(10)
class ConnectorCloseTest {
    // Repeated: the shutdown used to race DISCONNECTED and win about one time in five.
    @RepeatedTest(20)
    void closeRaisesDisconnectedWith1000BeforeTheClientStops() throws Exception {
        Recorder<String> events = new Recorder<>();
        try (var running = new Server<Void>("127.0.0.1:0", null).start()) {
            var connector = new Connector<Void>(running.uri().toString(), null)
                    .route("DISCONNECTED", (params, dispatcher, state) -> events.add("DISCONNECTED " + params));
            connector.connect().get();
            connector.close();
            assertThat(events.take()).isEqualTo("DISCONNECTED {code=1000, reason=}");
            events.assertExhausted(50);
        }
    }

    @RepeatedTest(5)
    void closeReturnsOnceTheClientsNetworkThreadHasEnded() throws Exception {
        Set<Thread> before = clientThreads();
        try (var running = new Server<Void>("127.0.0.1:0", null).start()) {
            var connector = new Connector<Void>(running.uri().toString(), null);
            connector.connect().get();
            assertThat(clientThreads()).isNotEqualTo(before);
            connector.close();
            assertThat(clientThreads()).isEqualTo(before);
        }
    }

    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("wroustr-client") && thread.isAlive())
                .collect(Collectors.toSet());
    }

    // DISCONNECTED runs after the route that closes: a close() that waited for it would wait out
    // its five seconds before "close returned".
    @RepeatedTest(5)
    void closeCalledFromARouteReturnsAtOnceThenDisconnectedRuns() throws Exception {
        Recorder<String> events = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null)
                .route("CONNECTED", (params, dispatcher, state) -> dispatcher.send("@BYE"));
        try (var running = server.start()) {
            var connector = new Connector<Void>(running.uri().toString(), null);
            connector.route("@BYE", (params, dispatcher, state) -> {
                connector.close();
                events.add("close returned");
            });
            connector.route("DISCONNECTED", (params, dispatcher, state) -> events.add("DISCONNECTED " + params));
            connector.connect().get();

            assertThat(events.take(2)).isEqualTo("close returned");
            assertThat(events.take()).isEqualTo("DISCONNECTED {code=1000, reason=}");
            events.assertExhausted(50);
        }
    }
}
