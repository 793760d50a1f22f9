package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo's routes, driven by a client that is not ours: the JDK's WebSocket. */
@Timeout(30)
class DemoServerTest {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private final Recorder<String> events = new Recorder<>();
    private RunningServer running;

    @BeforeEach
    void start() {
        running = DemoServer.create("127.0.0.1", 0, events::add).start();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void pingGetsPong() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@PING");
            client.assertText("@PONG");
        }
    }

    @Test
    void echoReturnsExactlyTheParamsItGotInOrderWithoutTheServersUuid() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@ECHO   #b 2 #a \"x y\" #c it's");
            client.assertText("@ECHO #b 2 #a 'x y' #c 'it\\'s'");
            client.send("@ECHO");
            client.assertText("@ECHO");
            // A uuid the client sends is the server's param, overwritten and then left out.
            client.send("@ECHO #uuid mine #k v");
            client.assertText("@ECHO #k v");
        }
    }

    @Test
    void joinSayAndWhoReachEveryone() throws Exception {
        try (TestClient alice = TestClient.connect(running.uri());
             TestClient bob = TestClient.connect(running.uri())) {
            alice.send("@JOIN #name alice");
            String joined = alice.take();
            Matcher uuid = Pattern.compile("@JOINED #name alice #uuid (" + UUID.pattern() + ")").matcher(joined);
            assertThat(uuid.matches()).as(joined).isTrue();
            assertThat(bob.take()).isEqualTo(joined);

            bob.send("@JOIN #name 'bob the builder'");
            assertThat(alice.take()).startsWith("@JOINED #name 'bob the builder' #uuid ");
            assertThat(bob.take()).startsWith("@JOINED #name 'bob the builder' #uuid ");

            bob.send("@SAY #text 'hi there'");
            alice.assertText("@SAID #name 'bob the builder' #text 'hi there'");
            bob.assertText("@SAID #name 'bob the builder' #text 'hi there'");

            alice.send("@WHO");
            alice.assertText("@USER #uuid " + uuid.group(1) + " #name alice");
            assertThat(alice.take()).matches("@USER #uuid " + UUID.pattern() + " #name 'bob the builder'");
            alice.assertText("@USERS #count 2 #names 'alice, bob the builder'");
        }
    }

    @Test
    void aNameTakenAlreadyGetsASuffixAndIsFreeAgainOnceItsHolderLeaves() throws Exception {
        try (TestClient first = TestClient.connect(running.uri());
             TestClient second = TestClient.connect(running.uri());
             TestClient third = TestClient.connect(running.uri())) {
            first.send("@JOIN #name bob");
            String firstUuid = uuidOf(first.take());
            second.take();
            third.take();
            second.send("@JOIN #name ' bob '");
            String secondJoined = second.take();
            assertThat(secondJoined).startsWith("@JOINED #name 'bob (2)' #uuid ");
            assertThat(first.take()).isEqualTo(secondJoined);
            third.take();
            // Joining again under one's own name keeps it.
            first.send("@JOIN #name bob");
            assertThat(first.take()).isEqualTo("@JOINED #name bob #uuid " + firstUuid);
            second.take();
            third.take();

            first.close();
            // Everyone hears that bob left, once his session has ended.
            String left = "@LEFT #name bob #uuid " + firstUuid;
            second.assertText(left);
            third.assertText(left);
            third.send("@JOIN #name bob");
            assertThat(third.take()).startsWith("@JOINED #name bob #uuid ");
            third.send("@JOIN #name '   '");
            third.assertText("@ERROR #reason 'missing #name'");
            second.take();
            second.assertExhausted();
        }
    }

    @Test
    void roomsListsEveryRoomWithItsMembersButNotTheNamesRooms() throws Exception {
        try (TestClient alice = TestClient.connect(running.uri());
             TestClient bob = TestClient.connect(running.uri())) {
            alice.send("@JOIN #name alice");
            alice.take();
            bob.take();
            alice.send("@ROOMS");
            alice.assertText("@ROOMS #count 0");
            alice.send("@ROOM-JOIN #room lobby");
            alice.take();
            bob.send("@ROOM-JOIN #room lobby");
            bob.take();
            bob.send("@ROOM-JOIN #room den");
            bob.take();
            alice.send("@ROOMS");
            alice.assertText("@ROOM #room den #members 1");
            alice.assertText("@ROOM #room lobby #members 2");
            alice.assertText("@ROOMS #count 2");
        }
    }

    @Test
    void sayBeforeJoinIsAnError() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@SAY #text hello");
            assertThat(client.take()).startsWith("@ERROR #reason ");
        }
    }

    @Test
    void dmReachesOnlyThatClientAndAGoneClientIsAnError() throws Exception {
        try (TestClient alice = TestClient.connect(running.uri());
             TestClient bob = TestClient.connect(running.uri())) {
            bob.send("@JOIN #name bob");
            String bobUuid = uuidOf(bob.take());
            String aliceJoined = alice.take();
            alice.send("@JOIN #name alice");
            String aliceUuid = uuidOf(alice.take());
            bob.take();

            alice.send("@DM #to " + bobUuid + " #text 'psst, bob'");
            bob.assertText("@DM #from " + aliceUuid + " #text 'psst, bob'");

            bob.close();
            // Wait for the server to see bob go, rather than for a while.
            alice.assertText("@LEFT #name bob #uuid " + bobUuid);
            alice.send("@DM #to " + bobUuid + " #text 'still there?'");
            alice.assertText("@ERROR #reason 'no such client'");
            assertThat(aliceJoined).contains(bobUuid);
        }
    }

    @Test
    void invalidTextGetsItsKindAndOffset() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@ECHO #v 'abc");
            client.assertText("@INVALID #error unterminated-quote #offset 13");
            client.send("LOGIN #a 1");
            client.assertText("@INVALID #error not-a-route #offset 0");
            client.send("@PING");
            client.assertText("@PONG");
        }
    }

    @Test
    void unknownRouteIsNamedBack() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@NOPE #route x #k v");
            client.assertText("@UNKNOWN #route @NOPE");
        }
    }

    @Test
    void connectAndDisconnectEachPrintALine() throws Exception {
        String uuid;
        try (TestClient client = TestClient.connect(running.uri())) {
            String connected = events.take();
            assertThat(connected).startsWith("connected ").contains("(1 online)");
            Matcher m = UUID.matcher(connected);
            assertThat(m.find()).isTrue();
            uuid = m.group();
        }
        assertThat(events.take()).startsWith("disconnected  " + uuid).contains("(0 online)");
    }

    @Test
    void aClientWhoseConnectionDropsResumesItsSessionFromAnotherAddressAndTheDemoSaysSo() throws Exception {
        java.util.List<String> dms = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (var proxy = new dev.wroustr.testing.CuttingProxy(running.uri());
             var alice = new dev.wroustr.client.Connector<Void>(proxy.through(running.uri()).toString(), null)
                     .reconnect(dev.wroustr.client.Reconnect.backoff(java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(100)))
                     .route("@DM", (dev.wroustr.Params params, dev.wroustr.Dispatcher dispatcher, Void state) -> dms.add(params.require("text")));
             TestClient bob = TestClient.connect(running.uri())) {
            alice.connect().get(5, java.util.concurrent.TimeUnit.SECONDS);
            String aliceUuid = alice.uuid();
            assertThat(events.take(2, 5)).anySatisfy(line -> assertThat(line).startsWith("connected     " + aliceUuid + "  from 127.0.0.1  "));
            proxy.refuse(true);
            proxy.cut();
            // Sent while alice is away: kept for her.
            bob.send("@DM #to " + aliceUuid + " #text 'while you were away'");
            Thread.sleep(100);
            // She comes back from another network, as a phone that left the Wi-Fi does.
            proxy.from(java.net.InetAddress.getByName("127.0.0.2"));
            proxy.refuse(false);
            assertThat(events.take()).isEqualTo("resumed       " + aliceUuid + "  from 127.0.0.2  (nothing lost)");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (dms.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(dms).containsExactly("while you were away");
            assertThat(alice.uuid()).isEqualTo(aliceUuid);
        }
    }

    private static String uuidOf(String joined) {
        Matcher m = UUID.matcher(joined);
        assertThat(m.find()).as(joined).isTrue();
        return m.group();
    }

    @Test
    void roomSayReachesTheOtherMembersOnly() throws Exception {
        try (TestClient alice = TestClient.connect(running.uri());
             TestClient bob = TestClient.connect(running.uri());
             TestClient carol = TestClient.connect(running.uri())) {
            alice.send("@ROOM-JOIN #room lobby");
            alice.assertText("@ROOM-JOINED #room lobby #members 1");
            bob.send("@ROOM-JOIN #room lobby");
            bob.assertText("@ROOM-JOINED #room lobby #members 2");
            alice.send("@ROOM-SAY #room lobby #text 'hi room'");
            alice.assertText("@ROOM-SENT #room lobby #count 1");
            assertThat(bob.take()).matches("@ROOM-SAID #room lobby #from " + UUID.pattern() + " #text 'hi room'");
            carol.send("@ROOM-SAY #room lobby #text intruder");
            carol.assertText("@ERROR #reason 'join the room first: @ROOM-JOIN #room lobby'");
            carol.send("@ROOM-JOIN #room 'no spaces'");
            assertThat(carol.take()).startsWith("@ERROR #reason 'room name must be");
            bob.send("@ROOM-LEAVE #room lobby");
            bob.assertText("@ROOM-LEFT #room lobby");
            alice.send("@ROOM-SAY #room lobby #text alone");
            alice.assertText("@ROOM-SENT #room lobby #count 0");
            bob.assertExhausted();
            carol.assertExhausted();
        }
    }

    @Test
    void timeAnswersARequest() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@TIME #$id 9");
            assertThat(client.take()).matches("@TIME #\\$re 9 #now \\d{13}");
        }
    }

    @Test
    void withMetricsAScrapeOfTheDemoShowsItsTrafficAndThePageStillLoads() throws Exception {
        var server = DemoServer.create("127.0.0.1", 0);
        DemoMetrics.enable(server, null);
        try (RunningServer metered = server.start();
             TestClient client = TestClient.connect(metered.uri())) {
            client.send("@PING");
            client.assertText("@PONG");
            client.send("@NO-SUCH-ROUTE");
            client.assertText("@UNKNOWN #route @NO-SUCH-ROUTE");
            var scrape = get(metered, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(scrape.body())
                    .contains("wroustr_connections_open 1.0")
                    .contains("wroustr_messages_in_total{route=\"@PING\"} 1.0")
                    .contains("wroustr_messages_unknown_total 1.0")
                    .contains("wroustr_handler_time_seconds_count{route=\"@PING\"} 1");
            assertThat(get(metered, "/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    private static java.net.http.HttpResponse<String> get(RunningServer server, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
