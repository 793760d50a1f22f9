package dev.wroustr.examples.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.examples.Output;
import dev.wroustr.test.TestClient;
import dev.wroustr.test.TestServer;
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
    void layerAnswersABadTokenAndSkipsConnectedAndOtherRoutes() {
        Output out = new Output();
        try (TestServer server = TestServer.start(AuthExample.server("127.0.0.1:0", out.stream()))) {
            TestClient client = server.client();
            client.send("@REQUEST-DATA");
            client.expect("@AUTH-FAILED");
            client.send(Message.route("@REQUEST-DATA").param("token", "nope"));
            client.expect("@AUTH-FAILED");
            client.send(Message.route("@REQUEST-DATA").param("token", AuthExample.GOOD_TOKEN));
            client.expect(Message.route("@SEND-DATA").param("auth", "passed").param("data", "some-data"));
            client.expectNothing();
            // CONNECTED ran, and the layer, blocked there, did not.
            assertThat(out.lines()[0]).startsWith("New connection: ");
            assertThat(out.lines()).filteredOn(line -> line.startsWith("AUTH")).hasSize(3);
            assertThat(out.lines()).filteredOn(line -> line.startsWith("Sending data")).containsExactly("Sending data to bob");
        }
    }
}
