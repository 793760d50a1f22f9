package dev.wroustr.examples.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.examples.Output;
import dev.wroustr.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AuthExampleTest {
    @Test
    void runPrintsAFailedThenAPassedRequest() throws Exception {
        Output out = new Output();
        AuthExample.run(out.stream());
        String text = out.text();
        assertThat(text).contains(
                "Client sends @REQUEST-DATA with token wrong-token",
                "Client got: @AUTH-FAILED",
                "Client sends @REQUEST-DATA with token secret-token",
                "AUTH passed: bob",
                "Sending data to bob",
                "Client got: @SEND-DATA {auth=passed, data=some-data}");
        assertThat(text.indexOf("@AUTH-FAILED")).isLessThan(text.indexOf("@SEND-DATA"));
    }

    @Test
    void layerAnswersABadTokenAndSkipsConnectedAndOtherRoutes() throws Exception {
        Output out = new Output();
        try (var running = AuthExample.server("127.0.0.1:0", out.stream()).start();
             var client = TestClient.connect(running.uri())) {
            client.send("@REQUEST-DATA");
            client.assertText("@AUTH-FAILED");
            client.send("@REQUEST-DATA #token nope");
            client.assertText("@AUTH-FAILED");
            client.send("@REQUEST-DATA #token " + AuthExample.GOOD_TOKEN);
            client.assertText("@SEND-DATA #auth passed #data some-data");
            client.assertExhausted();
            // CONNECTED ran, and the layer, blocked there, did not.
            assertThat(out.lines()[0]).startsWith("New connection: ");
            assertThat(out.lines()).filteredOn(line -> line.startsWith("AUTH")).hasSize(3);
            assertThat(out.lines()).filteredOn(line -> line.startsWith("Sending data")).containsExactly("Sending data to bob");
        }
    }
}
