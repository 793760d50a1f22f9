package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Message;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RoomsTest {
    private final Recorder<String> events = new Recorder<>();
    private final List<TestClient> clients = new ArrayList<>();
    private RunningServer running;

    @BeforeEach
    void start() {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("CONNECTED", (params, dispatcher, state) -> events.add("CONNECTED"));
        server.route("DISCONNECTED", (params, dispatcher, state) -> events.add("DISCONNECTED"));
        server.route("@JOIN", (params, dispatcher, state) -> {
            for (String room : params.require("room").split(",")) dispatcher.join(room);
            dispatcher.send(Message.route("@IN").param("rooms", String.join(",", new java.util.TreeSet<>(dispatcher.rooms()))));
        });
        server.route("@JOIN-MANY", (params, dispatcher, state) -> {
            for (int i = 0; i < params.getInt("count"); i++) dispatcher.join(params.require("prefix") + i);
            dispatcher.send(Message.route("@IN").param("count", dispatcher.rooms().size()));
        });
        server.route("@LEAVE", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@LEFT").param("was", dispatcher.leave(params.require("room")))));
        server.route("@SAY", (params, dispatcher, state) -> {
            int sent = dispatcher.toRoom(params.require("room")).except(dispatcher.uuid())
                    .send(Message.route("@SAID").param("from", dispatcher.uuid()).param("text", params.require("text")));
            dispatcher.send(Message.route("@SENT").param("count", sent));
        });
        server.route("@SHOUT", (params, dispatcher, state) ->
                dispatcher.toRoom(params.require("room")).send(Message.route("@SHOUTED").param("text", params.require("text"))));
        server.route("@WHOAMI", (params, dispatcher, state) -> dispatcher.send(Message.route("@YOU").param("uuid", dispatcher.uuid())));
        server.route("ERROR", (params, dispatcher, state) -> events.add("ERROR " + params.get("error")));
        running = server.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        running.close();
    }

    private TestClient client() throws Exception {
        TestClient client = TestClient.connect(running.uri());
        clients.add(client);
        assertThat(events.take()).isEqualTo("CONNECTED");
        return client;
    }

    private static String uuidOf(TestClient client) throws Exception {
        client.send("@WHOAMI");
        return Message.parse(client.take()).params().require("uuid");
    }

    @Test
    void aRoomSendReachesExactlyItsMembersAndCanLeaveOutTheSender() throws Exception {
        TestClient alice = client(), bob = client(), carol = client(), dave = client();
        String aliceUuid = uuidOf(alice);
        for (TestClient member : List.of(alice, bob, carol)) {
            member.send("@JOIN #room lobby");
            member.assertText("@IN #rooms lobby");
        }
        dave.send("@JOIN #room kitchen");
        dave.assertText("@IN #rooms kitchen");

        alice.send("@SAY #room lobby #text 'hi all'");
        alice.assertText("@SENT #count 2");
        bob.assertText("@SAID #from " + aliceUuid + " #text 'hi all'");
        carol.assertText("@SAID #from " + aliceUuid + " #text 'hi all'");

        // Without except, the sender is a member like any other.
        bob.send("@SHOUT #room lobby #text hey");
        for (TestClient member : List.of(alice, bob, carol)) member.assertText("@SHOUTED #text hey");

        assertThat(running.rooms()).containsExactlyInAnyOrder("lobby", "kitchen");
        assertThat(running.toRoom("lobby").members()).hasSize(3).contains(aliceUuid);
        // From outside a handler, as an application's timer would.
        assertThat(running.toRoom("kitchen").send(Message.route("@NEWS"))).isEqualTo(1);
        dave.assertText("@NEWS");
        for (TestClient client : clients) client.assertExhausted();
    }

    @Test
    void aMemberThatLeavesGetsNothingMore() throws Exception {
        TestClient alice = client(), bob = client();
        alice.send("@JOIN #room lobby,games");
        alice.assertText("@IN #rooms games,lobby");
        bob.send("@JOIN #room lobby");
        bob.assertText("@IN #rooms lobby");

        bob.send("@LEAVE #room lobby");
        bob.assertText("@LEFT #was true");
        bob.send("@LEAVE #room lobby");
        bob.assertText("@LEFT #was false");
        alice.send("@SAY #room lobby #text anyone");
        alice.assertText("@SENT #count 0");
        bob.assertExhausted();
        assertThat(running.rooms()).containsExactlyInAnyOrder("lobby", "games");
    }

    @Test
    void aClientIn100RoomsThatClosesLeavesThemAll() throws Exception {
        TestClient stays = client(), goes = client();
        stays.send("@JOIN #room r7");
        stays.assertText("@IN #rooms r7");
        goes.send("@JOIN-MANY #prefix r #count 100");
        goes.assertText("@IN #count 100");
        assertThat(running.rooms()).hasSize(100);

        goes.close();
        assertThat(events.take()).isEqualTo("DISCONNECTED");
        assertThat(running.rooms()).containsExactly("r7");
        stays.send("@SAY #room r7 #text alone");
        stays.assertText("@SENT #count 0");
    }

    @Test
    void tenThousandJoinsAndClosesLeaveNoRoomBehind() throws Exception {
        for (int round = 0; round < 10; round++) {
            List<TestClient> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) batch.add(client());
            // 10 rounds x 10 clients x 100 rooms, half of them shared between the clients of a round.
            for (int i = 0; i < batch.size(); i++) batch.get(i).send("@JOIN-MANY #prefix " + (i % 2 == 0 ? "shared" : "own" + round + "-" + i + "-") + " #count 100");
            for (TestClient client : batch) client.assertText("@IN #count 100");
            assertThat(running.rooms()).isNotEmpty();
            for (TestClient client : batch) {
                client.close();
                clients.remove(client);
            }
            events.take(batch.size(), 5);
            assertThat(running.rooms()).isEmpty();
        }
        assertThat(running.connectionCount()).isZero();
    }

    @Test
    void aConnectionJoinsAtMostMaxRoomsPerConnectionAndTheRestOfItsWorkGoesOn() throws Exception {
        TestClient greedy = client(), other = client();
        // The default bound: a join past it is the handler's ERROR, naming the setting.
        greedy.send("@JOIN-MANY #prefix g #count 5000");
        assertThat(events.take()).startsWith("ERROR connection ").contains("is in 1000 rooms, the most maxRoomsPerConnection allows");
        assertThat(running.rooms()).hasSize(1000);
        // Still open and served; a room it is in already is no new join.
        greedy.send("@JOIN #room g7");
        greedy.assertText("@IN #rooms " + String.join(",", new java.util.TreeSet<>(java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "g" + i).toList())));
        greedy.send("@LEAVE #room g7");
        greedy.assertText("@LEFT #was true");
        greedy.send("@JOIN #room fresh");
        assertThat(greedy.take()).startsWith("@IN #rooms ").contains("fresh");
        other.send("@JOIN #room g1");
        other.assertText("@IN #rooms g1");
        greedy.close();
        assertThat(events.take()).isEqualTo("DISCONNECTED");
        assertThat(running.rooms()).containsExactly("g1");
    }

    @Test
    void maxRoomsPerConnectionIsASetting() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null).maxRoomsPerConnection(2);
        Recorder<String> errors = new Recorder<>();
        server.route("@JOIN", (params, dispatcher, state) -> dispatcher.send(Message.route("@JOINED").param("ok", dispatcher.join(params.require("room")))));
        server.route("ERROR", (params, dispatcher, state) -> errors.add(params.require("error")));
        try (RunningServer small = server.start(); TestClient client = TestClient.connect(small.uri())) {
            client.send("@JOIN #room a");
            client.assertText("@JOINED #ok true");
            client.send("@JOIN #room b");
            client.assertText("@JOINED #ok true");
            client.send("@JOIN #room a");
            client.assertText("@JOINED #ok false");
            client.send("@JOIN #room c");
            assertThat(errors.take()).contains("is in 2 rooms");
            assertThat(small.rooms()).containsExactlyInAnyOrder("a", "b");
        }
        assertThatThrownBy(() -> new Server<Void>("127.0.0.1:0", null).maxRoomsPerConnection(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRoomNameOutsideTheRulesIsRefusedNamingTheRule() throws Exception {
        TestClient alice = client();
        alice.send("@JOIN #room 'has space'");
        assertThat(events.take()).startsWith("ERROR room name must be 1 to 128 chars").contains("\"has space\"");
        alice.send("@JOIN #room " + "x".repeat(129));
        assertThat(events.take()).startsWith("ERROR room name must be");
        alice.send("@JOIN #room ok:name/1");
        alice.assertText("@IN #rooms ok:name/1");
        assertThatThrownBy(() -> running.toRoom("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Room.checkName("café")).hasMessageContaining("\"café\"");
    }
}
