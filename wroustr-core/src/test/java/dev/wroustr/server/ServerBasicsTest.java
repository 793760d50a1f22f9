package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ServerBasicsTest {
    @Test
    void routeRepliesAndEveryRouteGetsTheConnectionsUuid() throws Exception {
        Recorder<Params> connected = new Recorder<>();
        Recorder<Params> logins = new Recorder<>();
        var server = new Server<String>("127.0.0.1:0", "state");
        server.route("CONNECTED", (params, dispatcher, state) -> {
            connected.add(params);
            dispatcher.send("@CONNECTION-ESTABLISHED");
        });
        server.route("@LOGIN", (params, dispatcher, state) -> {
            logins.add(params);
            dispatcher.send(Message.route("@LOGIN-DONE").param("success", true).param("state", state));
        });
        try (var running = server.start(); var client = TestClient.connect(running.uri())) {
            client.assertText("@CONNECTION-ESTABLISHED");
            client.send("@LOGIN #user bob #uuid forged");
            client.assertText("@LOGIN-DONE #success true #state state");
            String uuid = connected.take().get("uuid");
            assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            Params login = logins.take();
            assertThat(login.get("user")).isEqualTo("bob");
            assertThat(login.get("uuid")).isEqualTo(uuid);
        }
    }
}
