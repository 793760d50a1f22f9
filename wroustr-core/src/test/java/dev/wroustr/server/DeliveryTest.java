package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DeliveryTest {
    @Test
    void sendToReachesTheOtherClientAndReportsAnUnknownOrMalformedUuid() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("@WHOAMI", (params, dispatcher, state) -> dispatcher.send(Message.route("@YOU").param("uuid", dispatcher.uuid())));
        server.route("@DM", (params, dispatcher, state) -> {
            boolean sent = dispatcher.sendTo(params.require("to"),
                    Message.route("@DM").param("from", params.require("uuid")).param("text", params.require("text")));
            dispatcher.send(Message.route("@SENT").param("ok", sent));
        });
        try (var running = server.start();
             var alice = TestClient.connect(running.uri());
             var bob = TestClient.connect(running.uri())) {
            String aliceUuid = uuidOf(alice);
            String bobUuid = uuidOf(bob);

            alice.send("@DM #to " + bobUuid + " #text 'hello there'");
            alice.assertText("@SENT #ok true");
            bob.assertText("@DM #from " + aliceUuid + " #text 'hello there'");

            alice.send("@DM #to 00000000-0000-4000-8000-000000000000 #text x");
            alice.assertText("@SENT #ok false");
            alice.send("@DM #to not-a-uuid #text x");
            alice.assertText("@SENT #ok false");
            bob.assertExhausted();
        }
    }

    private static String uuidOf(TestClient client) throws Exception {
        client.send("@WHOAMI");
        return Message.parse(client.take()).params().require("uuid");
    }

    @Test
    void broadcastReachesEveryClientAndCountsThem() throws Exception {
        Recorder<Integer> counts = new Recorder<>();
        Recorder<String> connected = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("CONNECTED", (params, dispatcher, state) -> connected.add(params.get("uuid")));
        server.route("@SHOUT", (params, dispatcher, state) ->
                counts.add(dispatcher.broadcast(Message.route("@HEARD").param("text", params.require("text")))));
        try (var running = server.start()) {
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) clients.add(TestClient.connect(running.uri()));
                connected.take(5, 5);
                clients.get(2).send("@SHOUT #text 'hi all'");
                assertThat(counts.take()).isEqualTo(5);
                for (TestClient client : clients) client.assertText("@HEARD #text 'hi all'");
            } finally {
                clients.forEach(TestClient::close);
            }
        }
    }
}
