package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.testing.CuttingProxy;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Resume (PROTOCOL.md section 11) on one server, over a proxy that cuts the TCP connections as a dropped network does. */
@Timeout(60)
class ResumeTest {
    private static final int COUNT = 5_000;

    /** A note (HandshakeResult.note) some tests' checks attach: where the client connects from. */
    private static final AttributeKey<String> NETWORK = AttributeKey.of("network", String.class);

    private final Recorder<String> serverEvents = new Recorder<>();
    private final Recorder<String> resumedNetworks = new Recorder<>();
    private final Recorder<String> clientEvents = new Recorder<>();
    private final List<Integer> serverGot = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> clientGot = Collections.synchronizedList(new ArrayList<>());

    private Server<Void> server(Duration window) {
        var server = new Server<Void>("127.0.0.1:0", null).resume(window).resumeBuffer(20_000, 16 * 1024 * 1024);
        server.route("CONNECTED", (params, dispatcher, state) -> serverEvents.add("CONNECTED " + params.get("uuid")));
        server.route("DISCONNECTED", (params, dispatcher, state) -> serverEvents.add("DISCONNECTED " + params.get("code")));
        server.route("RESUMED", (params, dispatcher, state) -> {
            serverEvents.add("RESUMED " + params.get("uuid"));
            resumedNetworks.add(String.valueOf(dispatcher.attribute(NETWORK)));
        });
        server.route("@N", (params, dispatcher, state) -> serverGot.add(params.getInt("n")));
        server.route("@JOIN", (params, dispatcher, state) -> {
            dispatcher.join("lobby");
            dispatcher.send("@JOINED");
        });
        server.route("@ROOMS", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@ROOMS").param("rooms", String.join(",", dispatcher.rooms()))));
        server.route("@SLOW", (params, dispatcher, state) -> {
            Thread.sleep(params.getInt("ms"));
            dispatcher.reply(Message.route("@SLOW").param("done", true));
        });
        return server;
    }

    private Connector<Void> client(URI uri) {
        return new Connector<Void>(uri.toString(), null)
                .reconnect(Reconnect.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                .route("CONNECTED", (Params params, Dispatcher dispatcher, Void state) -> clientEvents.add("CONNECTED " + params.get("uuid")))
                .route("DISCONNECTED", (Params params, Dispatcher dispatcher, Void state) -> clientEvents.add("DISCONNECTED " + params.get("reason")))
                .route("RESUMED", (Params params, Dispatcher dispatcher, Void state) -> clientEvents.add("RESUMED " + params.get("uuid")))
                .route("@S", (Params params, Dispatcher dispatcher, Void state) -> clientGot.add(params.getInt("n")))
                .route("@JOINED", (Params params, Dispatcher dispatcher, Void state) -> clientEvents.add("@JOINED"))
                .route("@ROOMS", (Params params, Dispatcher dispatcher, Void state) -> clientEvents.add("@ROOMS " + params.get("rooms")));
    }

    @Test
    void aCutInTheMiddleOfStreamsBothWaysLosesNothingAndTheApplicationSeesOneSession() throws Exception {
        try (RunningServer running = server(Duration.ofSeconds(20)).start();
             CuttingProxy proxy = new CuttingProxy(running.uri());
             Connector<Void> connector = client(proxy.through(running.uri()))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            String uuid = clientEvents.take().substring("CONNECTED ".length());
            assertThat(serverEvents.take()).isEqualTo("CONNECTED " + uuid);
            connector.send(Message.route("@JOIN"));
            assertThat(clientEvents.take()).isEqualTo("@JOINED");

            // Both streams run for a second or two; the network drops twice meanwhile.
            List<Integer> refused = Collections.synchronizedList(new ArrayList<>());
            Thread pusher = new Thread(() -> {
                for (int n = 0; n < COUNT; n++) {
                    if (!running.sendTo(uuid, Message.route("@S").param("n", n))) refused.add(n);
                    if (n % 10 == 0) sleep(3);
                }
            });
            Thread sender = new Thread(() -> {
                for (int n = 0; n < COUNT; n++) {
                    Message message = Message.route("@N").param("n", n);
                    while (!connector.send(message)) sleep(1);
                    if (n % 10 == 0) sleep(3);
                }
            });
            pusher.start();
            sender.start();
            Thread.sleep(400);
            proxy.cut();
            Thread.sleep(500);
            proxy.cut();
            sender.join();
            pusher.join();
            awaitSize(serverGot, COUNT);
            awaitSize(clientGot, COUNT);
            assertThat(refused).as("sends to the session refused while it was away").isEmpty();
            assertThat(gaps(serverGot)).as("the server handled each of the client's messages once, in order").isEmpty();
            assertThat(gaps(clientGot)).as("the client handled each of the server's messages once, in order").isEmpty();
            assertThat(serverGot).hasSize(COUNT);
            assertThat(clientGot).hasSize(COUNT);
            // One session: resumed, never disconnected, the same uuid and rooms.
            assertThat(serverEvents.take()).isEqualTo("RESUMED " + uuid);
            assertThat(clientEvents.take()).isEqualTo("RESUMED " + uuid);
            assertThat(connector.uuid()).isEqualTo(uuid);
            connector.send(Message.route("@ROOMS"));
            String rooms;
            while (!(rooms = clientEvents.take()).startsWith("@ROOMS")) assertThat(rooms).startsWith("RESUMED");
            assertThat(rooms).isEqualTo("@ROOMS lobby");
            assertThat(running.toRoom("lobby").members()).containsExactly(uuid);
            while (!serverEvents.isEmpty()) assertThat(serverEvents.take()).startsWith("RESUMED");
        }
    }

    @Test
    void aRequestWhoseReplyCrossesTheDropGetsItAfterTheResume() throws Exception {
        try (RunningServer running = server(Duration.ofSeconds(20)).start();
             CuttingProxy proxy = new CuttingProxy(running.uri());
             Connector<Void> connector = client(proxy.through(running.uri()))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            clientEvents.take();
            var reply = connector.request(Message.route("@SLOW").param("ms", 500), Duration.ofSeconds(10));
            Thread.sleep(100);
            proxy.cut();
            assertThat(reply.get(10, TimeUnit.SECONDS).params().getBoolean("done")).isTrue();
            assertThat(clientEvents.take()).startsWith("RESUMED ");
        }
    }

    @Test
    void theWindowRunningOutEndsTheSessionOnBothSidesAndTheClientIsTold() throws Exception {
        try (RunningServer running = server(Duration.ofMillis(300)).start();
             CuttingProxy proxy = new CuttingProxy(running.uri());
             Connector<Void> connector = client(proxy.through(running.uri()))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            String first = clientEvents.take();
            serverEvents.take();
            proxy.refuse(true);
            proxy.cut();
            assertThat(serverEvents.take()).isEqualTo("DISCONNECTED 1006");
            assertThat(clientEvents.take()).isEqualTo("DISCONNECTED not resumed: expired");
            proxy.refuse(false);
            String second = clientEvents.take();
            assertThat(second).startsWith("CONNECTED ").isNotEqualTo(first);
            assertThat(serverEvents.take()).isEqualTo(second);
        }
    }

    @Test
    void aForgedOrReplayedSecretGetsAFreshSessionAndSaysWhy() throws Exception {
        try (RunningServer running = server(Duration.ofSeconds(20)).start()) {
            try (RawWebSocket forged = RawWebSocket.connectWith(running.uri(), "wroustr-resume=1&wroustr-session=AAAAAAAAAAAAAAAAAAAAAAAA&wroustr-received=0", "wroustr.v1")) {
                String welcome = forged.readFrame().text();
                assertThat(welcome).startsWith("@$welcome #uuid ").contains("#resumed false #why unknown");
            }
            // A secret is good once: the one a resume used no longer works.
            AtomicReference<String> secret = new AtomicReference<>();
            String uuid;
            try (RawWebSocket first = RawWebSocket.connectWith(running.uri(), "wroustr-resume=1", "wroustr.v1")) {
                Message welcome = Message.parse(first.readFrame().text());
                uuid = welcome.params().get("uuid");
                secret.set(welcome.params().get("session"));
                assertThat(secret.get()).hasSizeGreaterThanOrEqualTo(22).doesNotContain(uuid);
                first.cut();
            }
            try (RawWebSocket again = RawWebSocket.connectWith(running.uri(), "wroustr-resume=1&wroustr-session=" + secret.get() + "&wroustr-received=0", "wroustr.v1")) {
                Message welcome = Message.parse(again.readFrame().text());
                assertThat(welcome.params().get("uuid")).isEqualTo(uuid);
                assertThat(welcome.params().get("resumed")).isEqualTo("true");
                assertThat(welcome.params().get("session")).isNotEqualTo(secret.get());
            }
            try (RawWebSocket replayed = RawWebSocket.connectWith(running.uri(), "wroustr-resume=1&wroustr-session=" + secret.get() + "&wroustr-received=0", "wroustr.v1")) {
                Message welcome = Message.parse(replayed.readFrame().text());
                assertThat(welcome.params().get("uuid")).isNotEqualTo(uuid);
                assertThat(welcome.params().get("why")).isEqualTo("unknown");
            }
        }
    }

    @Test
    void aResumeWhoseHandshakeIdentityDiffersIsRefusedAndTheSessionStaysItsOwners() throws Exception {
        AttributeKey<String> user = AttributeKey.of("user", String.class);
        var server = server(Duration.ofSeconds(20)).handshakeCheck((request, state) ->
                HandshakeResult.accept().with(user, request.queryParams().getOrDefault("user", List.of("")).get(0)));
        try (RunningServer running = server.start()) {
            String secret;
            String uuid;
            try (RawWebSocket alice = RawWebSocket.connectWith(running.uri(), "user=alice&wroustr-resume=1", "wroustr.v1")) {
                Message welcome = Message.parse(alice.readFrame().text());
                uuid = welcome.params().get("uuid");
                secret = welcome.params().get("session");
                alice.cut();
            }
            try (RawWebSocket mallory = RawWebSocket.resuming(running.uri(), "user=mallory", secret, 0)) {
                Message welcome = Message.parse(mallory.readFrame().text());
                assertThat(welcome.params().get("uuid")).isNotEqualTo(uuid);
                assertThat(welcome.params().get("why")).isEqualTo("refused");
            }
            try (RawWebSocket aliceAgain = RawWebSocket.resuming(running.uri(), "user=alice", secret, 0)) {
                Message welcome = Message.parse(aliceAgain.readFrame().text());
                assertThat(welcome.params().get("uuid")).isEqualTo(uuid);
                assertThat(welcome.params().get("resumed")).isEqualTo("true");
            }
        }
    }

    @Test
    void aResumeWhoseNotesDifferResumesAndItsHandlersSeeTheNewNotesWhileAnIdentityThatDiffersIsStillRefused() throws Exception {
        AttributeKey<String> user = AttributeKey.of("user", String.class);
        AttributeKey<String> network = NETWORK;
        var server = server(Duration.ofSeconds(20))
                .handshakeCheck((request, state) -> {
                    HandshakeResult accepted = HandshakeResult.accept().with(user, request.queryParams().getOrDefault("user", List.of("")).get(0));
                    List<String> from = request.queryParams().get("network");
                    return from == null ? accepted : accepted.note(network, from.get(0));
                })
                // A refresh's note is a note too: no part of what a resume must match.
                .refreshCheck((token, connection, state) -> HandshakeResult.accept().with(user, connection.attribute(user)).note(network, token))
                .route("@WHERE", (params, dispatcher, state) -> dispatcher.send(Message.route("@WHERE")
                        .param("user", dispatcher.attribute(user)).param("network", String.valueOf(dispatcher.attribute(network)))));
        try (RunningServer running = server.start()) {
            String uuid;
            String secret;
            try (RawWebSocket wifi = RawWebSocket.connectWith(running.uri(), "user=alice&network=wifi&wroustr-resume=1", "wroustr.v1")) {
                Message welcome = Message.parse(wifi.readFrame().text());
                uuid = welcome.params().get("uuid");
                secret = welcome.params().get("session");
                wifi.sendText("@WHERE");
                assertThat(wifi.readFrame().text()).isEqualTo("@WHERE #user alice #network wifi");
                wifi.sendText("@$refresh #$id 1 #token hotel");
                assertThat(wifi.readFrame().text()).startsWith("@$refresh #$re 1");
                wifi.sendText("@WHERE");
                assertThat(wifi.readFrame().text()).isEqualTo("@WHERE #user alice #network hotel");
                wifi.cut();
            }
            assertThat(serverEvents.take()).isEqualTo("CONNECTED " + uuid);
            try (RawWebSocket lte = RawWebSocket.resuming(running.uri(), "user=alice&network=lte", secret, 3)) {
                Message welcome = Message.parse(lte.readFrame().text());
                assertThat(welcome.params().get("resumed")).isEqualTo("true");
                assertThat(welcome.params().get("uuid")).isEqualTo(uuid);
                secret = welcome.params().get("session");
                assertThat(serverEvents.take()).isEqualTo("RESUMED " + uuid);
                assertThat(resumedNetworks.take()).isEqualTo("lte");
                lte.sendText("@WHERE");
                assertThat(lte.readFrame().text()).isEqualTo("@WHERE #user alice #network lte");
                lte.cut();
            }
            // The same notes, another identity: refused, and the session stays alice's.
            try (RawWebSocket mallory = RawWebSocket.resuming(running.uri(), "user=mallory&network=lte", secret, 4)) {
                Message welcome = Message.parse(mallory.readFrame().text());
                assertThat(welcome.params().get("uuid")).isNotEqualTo(uuid);
                assertThat(welcome.params().get("why")).isEqualTo("refused");
            }
            // A resume whose checks attach no note: the session's is gone, not left over from the last socket.
            try (RawWebSocket plain = RawWebSocket.resuming(running.uri(), "user=alice", secret, 4)) {
                Message welcome = Message.parse(plain.readFrame().text());
                assertThat(welcome.params().get("uuid")).isEqualTo(uuid);
                plain.sendText("@WHERE");
                assertThat(plain.readFrame().text()).isEqualTo("@WHERE #user alice #network null");
            }
        }
    }

    @Test
    void aClientThatDoesNotSayItCanResumeIsOfferedNoSessionAndGetsNoAcknowledgements() throws Exception {
        var server = server(Duration.ofSeconds(20));
        server.route("@ECHO", (params, dispatcher, state) -> dispatcher.send(Message.route("@ECHO").param("n", params.require("n"))));
        try (RunningServer running = server.start();
             RawWebSocket plain = RawWebSocket.connectWith(running.uri(), null, "wroustr.v1")) {
            Message welcome = Message.parse(plain.readFrame().text());
            assertThat(welcome.params().get("session")).isNull();
            for (int n = 0; n < 200; n++) plain.sendText("@ECHO #n " + n);
            for (int n = 0; n < 200; n++) assertThat(plain.readFrame().text()).isEqualTo("@ECHO #n " + n);
        }
    }

    @Test
    void aSessionAwayPastItsBufferEndsAndItsClientIsToldWhenItComesBack() throws Exception {
        var server = server(Duration.ofSeconds(20)).resumeBuffer(10, 1024 * 1024);
        try (RunningServer running = server.start();
             CuttingProxy proxy = new CuttingProxy(running.uri());
             Connector<Void> connector = client(proxy.through(running.uri()))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            String uuid = clientEvents.take().substring("CONNECTED ".length());
            serverEvents.take();
            proxy.refuse(true);
            proxy.cut();
            Thread.sleep(200);
            int kept = 0;
            while (running.sendTo(uuid, Message.route("@S").param("n", kept))) kept++;
            assertThat(kept).as("messages kept for the away session").isEqualTo(10);
            assertThat(serverEvents.take()).isEqualTo("DISCONNECTED 1006");
            assertThat(running.isOnline(uuid)).isFalse();
            proxy.refuse(false);
            assertThat(clientEvents.take()).isEqualTo("DISCONNECTED not resumed: unknown");
            assertThat(clientEvents.take()).startsWith("CONNECTED ").isNotEqualTo("CONNECTED " + uuid);
            assertThat(clientGot).isEmpty();
        }
    }

    @Test
    void aResumeOfASessionTheServerStillThinksOpenTakesItOver() throws Exception {
        try (RunningServer running = server(Duration.ofSeconds(20)).start();
             RawWebSocket first = RawWebSocket.connectWith(running.uri(), "wroustr-resume=1", "wroustr.v1")) {
            Message welcome = Message.parse(first.readFrame().text());
            String uuid = welcome.params().get("uuid");
            serverEvents.take();
            // The client saw its connection drop; the server did not (a half-open connection).
            try (RawWebSocket second = RawWebSocket.connectWith(running.uri(),
                    "wroustr-resume=1&wroustr-session=" + welcome.params().get("session") + "&wroustr-received=0", "wroustr.v1")) {
                Message resumed = Message.parse(second.readFrame().text());
                assertThat(resumed.params().get("uuid")).isEqualTo(uuid);
                assertThat(resumed.params().get("resumed")).isEqualTo("true");
                assertThat(first.awaitEndOfStream()).as("the old connection is cut").isTrue();
                assertThat(serverEvents.take()).isEqualTo("RESUMED " + uuid);
                second.sendText("@N #n 0");
                awaitSize(serverGot, 1);
                assertThat(serverGot).containsExactly(0);
            }
        }
    }

    @Test
    void aResumeGrantedToAClientWhoseSessionEndedIsClosedAndTheClientStartsAfresh() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Connector<Void> connector = client(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/"))) {
            connector.connect();
            // A server that says it resumed a session this client does not hold.
            try (RawWebSocket first = RawWebSocket.accept(listener, "wroustr.v1")) {
                first.sendFrame(RawWebSocket.TEXT, true, ("@$welcome #uuid 0f8fad5b-d9cb-469f-a165-70867728950e #session s1 "
                        + "#window 1000 #resumed true #received 0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                RawWebSocket.Frame close = first.readClose();
                assertThat(close.closeCode()).isEqualTo(1000);
                assertThat(close.text()).contains("session ended on the client");
            }
            try (RawWebSocket second = RawWebSocket.accept(listener, "wroustr.v1")) {
                second.sendFrame(RawWebSocket.TEXT, true, "@$welcome #uuid 7c9e6679-7425-40de-944b-e07fc1f90ae7 #session s2 #window 1000"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(clientEvents.take()).isEqualTo("CONNECTED 7c9e6679-7425-40de-944b-e07fc1f90ae7");
            }
        }
    }

    private static List<String> gaps(List<Integer> got) {
        return dev.wroustr.testing.Gaps.of(got);
    }

    private static void awaitSize(List<Integer> list, int size) throws InterruptedException {
        dev.wroustr.testing.Gaps.awaitSize(list, size, 30);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
