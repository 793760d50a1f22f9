package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo's bounds on one client: rates, rooms, @WHO's size, and who may open its socket from a browser. */
@Timeout(60)
class DemoBoundsTest {
    @Test
    void chatRouteSentTooOftenIsLimitedAndSaysSo() throws Exception {
        try (RunningServer demo = DemoServer.create("127.0.0.1", 0).start();
             TestClient client = TestClient.connect(demo.uri())) {
            client.send("@JOIN #name fast");
            assertThat(client.take()).startsWith("@JOINED #name fast");
            for (int i = 0; i < 30; i++) client.send("@SAY #text spam");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) answers.add(client.take());
            assertThat(answers).contains("@LIMITED #route @SAY");
            assertThat(answers.stream().filter(answer -> answer.startsWith("@SAID")).count()).isLessThan(30);
            client.send("@PING");
            client.assertText("@PONG");
        }
    }

    @Test
    void aConnectionHoldsAtMost64RoomsAndCannotJoinTheNamesRooms() throws Exception {
        try (RunningServer demo = DemoServer.create("127.0.0.1", 0).start();
             TestClient client = TestClient.connect(demo.uri())) {
            for (int i = 0; i < DemoRooms.MAX_ROOMS; i++) {
                assertThat(joinRoom(client, "r" + i)).startsWith("@ROOM-JOINED #room r" + i);
            }
            assertThat(joinRoom(client, "one-too-many")).startsWith("@ERROR #reason 'too many rooms: at most 64");
            assertThat(joinRoom(client, "r0")).as("a room it is in already").startsWith("@ROOM-JOINED #room r0");
            client.send("@ROOM-LEAVE #room r1");
            client.assertText("@ROOM-LEFT #room r1");
            assertThat(joinRoom(client, "one-more")).startsWith("@ROOM-JOINED #room one-more");

            String fake = "name:" + Base64.getUrlEncoder().withoutPadding().encodeToString("ghost".getBytes());
            client.send("@ROOM-LEAVE #room r2");
            client.assertText("@ROOM-LEFT #room r2");
            assertThat(joinRoom(client, fake)).startsWith("@ERROR #reason 'rooms named name:... are the demo\\'s own");
            client.send("@WHO");
            client.assertText("@USERS #count 0 #names ''");
        }
    }

    @Test
    void whoListsAtMost100NamesAndSaysItWasTruncated() throws Exception {
        List<RawWebSocket> users = new ArrayList<>();
        try (RunningServer demo = DemoServer.create("127.0.0.1", 0).start();
             TestClient asker = TestClient.connect(demo.uri())) {
            for (int i = 0; i < DemoServer.MAX_LISTED + 5; i++) {
                RawWebSocket user = RawWebSocket.connect(demo.uri());
                users.add(user);
                user.sendText("@JOIN #name " + "u".repeat(80) + String.format("%03d", i));
            }
            String answer;
            do {
                Thread.sleep(250); // @WHO is limited to 5 a second
                asker.send("@WHO");
                do {
                    answer = asker.take(); // past the @JOINED of everyone, and the @USER of each listed
                } while (!answer.startsWith("@USERS"));
            } while (!answer.startsWith("@USERS #count " + users.size()));
            Params params = Message.parse(answer).params();
            assertThat(params.get("names").split(", ")).hasSize(DemoServer.MAX_LISTED).startsWith("u".repeat(80) + "000");
            assertThat(params.get("truncated")).isEqualTo("true");
            assertThat(answer.length()).isLessThan(16 * 1024);
        } finally {
            for (RawWebSocket user : users) user.close();
        }
    }

    @Test
    void onlyTheDemosOwnOriginAndTheOnesAllowedMayConnectFromABrowser() throws Exception {
        try (RunningServer demo = DemoServer.create("127.0.0.1", 0, line -> { }, null, Set.of("https://chat.example.com")).start()) {
            assertThat(refusedStatus(demo.uri(), "https://evil.example.com")).isEqualTo(403);
            for (String origin : new String[] {"http://127.0.0.1:" + demo.port(), "https://chat.example.com"}) {
                try (TestClient client = TestClient.connect(demo.uri(), Map.of("Origin", origin))) {
                    client.send("@PING");
                    client.assertText("@PONG");
                }
            }
        }
        try (RunningServer any = DemoServer.create("127.0.0.1", 0, line -> { }, null, Set.of(DemoServer.ANY_ORIGIN)).start();
             TestClient client = TestClient.connect(any.uri(), Map.of("Origin", "https://evil.example.com"))) {
            client.send("@PING");
            client.assertText("@PONG");
        }
    }

    /** Joins {@code room}, waiting out the rate limit of @ROOM-JOIN; returns the answer. */
    private static String joinRoom(TestClient client, String room) throws Exception {
        while (true) {
            client.send(Message.route("@ROOM-JOIN").param("room", room).toText());
            String answer = client.take();
            if (!answer.equals("@LIMITED #route @ROOM-JOIN")) return answer;
            Thread.sleep(100);
        }
    }

    private static int refusedStatus(URI uri, String origin) {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin)
                    .buildAsync(uri, new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS).abort();
            return 101;
        } catch (ExecutionException e) {
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
