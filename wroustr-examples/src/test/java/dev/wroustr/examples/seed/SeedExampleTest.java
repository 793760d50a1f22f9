package dev.wroustr.examples.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.examples.Output;
import dev.wroustr.server.Server;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SeedExampleTest {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void serverAnswersLoginAndInitAndPrintsEachNewConnectionWithTheState() throws Exception {
        Output out = new Output();
        AppState state = new AppState("seed");
        try (var running = new SeedServer(out.stream()).start("127.0.0.1:0", state);
             var client = TestClient.connect(running.uri())) {
            client.assertText("@CONNECTION-ESTABLISHED");
            client.send("@LOGIN #user bob #note 'hi there'");
            client.assertText("@LOGIN-DONE #success true");
            client.send("@INIT #level 3");
            client.assertText("@INIT-DONE #success true");
            assertThat(out.lines()).hasSize(5);
            assertThat(out.lines()[0]).startsWith("Listening on ws://127.0.0.1:");
            assertThat(out.lines()[1]).matches("New connection: " + UUID);
            assertThat(out.lines()[2]).isEqualTo("State: AppState[name=seed, logins=0]");
            // The method reference gets the params, the connection's uuid last, and the state.
            assertThat(out.lines()[3]).matches("INIT: \\{level=3, uuid=" + UUID + "\\}");
            assertThat(out.lines()[4]).isEqualTo("State: AppState[name=seed, logins=1]");
            client.assertExhausted();
        }
    }

    @Test
    void clientPrintsConnectedAndAnswersPingWithPong() throws Exception {
        Output out = new Output();
        Recorder<String> pongs = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("CONNECTED", (params, dispatcher, state) -> dispatcher.send("@PING"));
        server.route("@PONG", (params, dispatcher, state) -> pongs.add("@PONG from " + params.get("uuid")));
        try (var running = server.start();
             var connector = SeedClient.connector(running.uri().toString(), new AppState("client"), out.stream())) {
            connector.connect().get();
            assertThat(pongs.take()).startsWith("@PONG from ");
            assertThat(out.lines()).containsExactly("Client connected", "Got @PING, answering @PONG");
        }
    }

    @Test
    void seedClientAndSeedServerTalk() throws Exception {
        Output serverOut = new Output();
        Output clientOut = new Output();
        Recorder<String> answers = new Recorder<>();
        try (var running = new SeedServer(serverOut.stream()).start("127.0.0.1:0", new AppState("seed"));
             var connector = SeedClient.connector(running.uri().toString(), new AppState("client"), clientOut.stream())) {
            connector.route("@CONNECTION-ESTABLISHED", (params, dispatcher, state) -> answers.add("@CONNECTION-ESTABLISHED"));
            connector.route("@LOGIN-DONE", (params, dispatcher, state) -> answers.add("@LOGIN-DONE " + params));
            connector.connect().get();
            connector.send(Message.route("@LOGIN").param("user", "bob"));
            assertThat(answers.take(2, 5)).containsExactly("@CONNECTION-ESTABLISHED", "@LOGIN-DONE {success=true}");
            assertThat(clientOut.lines()).containsExactly("Client connected");
        }
    }
}
