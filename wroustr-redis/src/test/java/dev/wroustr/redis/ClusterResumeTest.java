package dev.wroustr.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.CuttingProxy;
import dev.wroustr.testing.Gaps;
import dev.wroustr.testing.Recorder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resume across the nodes of a cluster (PROTOCOL.md section 11): a client on node 1, a peer on
 * node 2, streams both ways; the client's connection cut, or node 1 killed -9 (a process of its
 * own), and the client back through node 2.
 */
@Timeout(120)
class ClusterResumeTest {
    private static final int COUNT = 10_000;
    private static final Duration WINDOW = Duration.ofSeconds(30);

    private final String uri;
    private final String prefix = "test-" + UUID.randomUUID() + ":";
    private final List<Process> children = new ArrayList<>();
    private final Recorder<String> aEvents = new Recorder<>();
    private final List<Integer> aGot = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> bGot = Collections.synchronizedList(new ArrayList<>());

    ClusterResumeTest() throws Exception {
        uri = RedisProcess.sharedUri();
    }

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void aCutMidStreamResumesOnAnotherNodeAndEveryMessageIsHandledOnceInOrder() throws Exception {
        streamsAcrossTheDrop(false);
    }

    @Test
    void theNodeKilledMidStreamLosesNothingAndTheClientResumesOnAnother() throws Exception {
        streamsAcrossTheDrop(true);
    }

    private void streamsAcrossTheDrop(boolean kill) throws Exception {
        Process child = startChild(WINDOW);
        URI node1 = childUri(child);
        try (RunningServer node2 = ClusterNodes.resuming(ClusterNodes.node(uri, prefix), WINDOW).start();
             CuttingProxy proxy = new CuttingProxy(node1);
             Connector<Void> a = client(proxy.through(node1), aGot, aEvents);
             Connector<Void> b = client(node2.uri(), bGot, new Recorder<>())) {
            a.connect().get(5, TimeUnit.SECONDS);
            b.connect().get(5, TimeUnit.SECONDS);
            String uuidA = a.uuid();
            String uuidB = b.uuid();
            assertThat(aEvents.take()).isEqualTo("CONNECTED " + uuidA);
            a.send(Message.route("@JOIN").param("room", "lobby"));
            assertThat(aEvents.take()).isEqualTo("@JOINED");

            Thread aSends = sender(a, uuidB);
            Thread bSends = sender(b, uuidA);
            aSends.start();
            bSends.start();
            Thread.sleep(1_000);
            // The load balancer sends the client to node 2 from now on; its connection drops.
            proxy.retarget(node2.uri());
            if (kill) {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
            proxy.cut();
            aSends.join();
            bSends.join();
            awaitSize(aGot, COUNT);
            awaitSize(bGot, COUNT);
            assertThat(gaps(aGot)).as("the client got each of the peer's messages once, in order").isEmpty();
            assertThat(aGot).hasSize(COUNT);
            List<String> bGaps = gaps(bGot);
            if (kill) {
                // At most the message node 1 was handling when it died is handled again (at least once).
                assertThat(bGaps).as("the client's messages, handled in order").hasSizeLessThanOrEqualTo(1);
                assertThat(bGot.size()).isBetween(COUNT, COUNT + 1);
                if (!bGaps.isEmpty()) assertThat(bGaps.get(0)).matches("at \\d+: (\\d+) -> \\1");
            } else {
                assertThat(bGaps).as("the peer got each of the client's messages once, in order").isEmpty();
                assertThat(bGot).hasSize(COUNT);
            }
            // One session: resumed, never disconnected, the same uuid and rooms, on node 2.
            assertThat(aEvents.take()).isEqualTo("RESUMED " + uuidA);
            assertThat(a.uuid()).isEqualTo(uuidA);
            a.send(Message.route("@ROOMS"));
            assertThat(aEvents.take()).isEqualTo("@ROOMS lobby");
            // Presence says so too, at the latest two leases after the resume (see LettuceNode.presenceOfResumed).
            ClusterNodes.eventually("the session in its room, as presence says", () -> node2.toRoom("lobby").members().equals(java.util.Set.of(uuidA)));
            assertThat(node2.isOnline(uuidA)).isTrue();
            assertThat(aEvents.isEmpty()).as("no DISCONNECTED nor CONNECTED").isTrue();
        }
    }

    @Test
    void aRequestWhoseReplyCrossesTheDropGetsItFromAnotherNode() throws Exception {
        Process child = startChild(WINDOW);
        URI node1 = childUri(child);
        try (RunningServer node2 = ClusterNodes.resuming(ClusterNodes.node(uri, prefix), WINDOW).start();
             CuttingProxy proxy = new CuttingProxy(node1);
             Connector<Void> a = client(proxy.through(node1), aGot, aEvents)) {
            a.connect().get(5, TimeUnit.SECONDS);
            aEvents.take();
            var reply = a.request(Message.route("@ECHO").param("n", 7).param("ms", 500), Duration.ofSeconds(20));
            Thread.sleep(100);
            proxy.retarget(node2.uri());
            proxy.cut();
            assertThat(reply.get(20, TimeUnit.SECONDS).params().getInt("n")).isEqualTo(7);
            assertThat(aEvents.take()).isEqualTo("RESUMED " + a.uuid());
        }
    }

    private Thread sender(Connector<Void> from, String to) {
        return new Thread(() -> {
            for (int n = 0; n < COUNT; n++) {
                Message message = Message.route("@TELL").param("to", to).param("n", n);
                while (!from.send(message)) sleep(1);
                if (n % 10 == 0) sleep(2);
            }
        });
    }

    private static Connector<Void> client(URI uri, List<Integer> got, Recorder<String> events) {
        return new Connector<Void>(uri.toString(), null)
                .reconnect(Reconnect.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                .maxQueuedMessages(50_000)
                .route("CONNECTED", (Params params, Dispatcher dispatcher, Void state) -> events.add("CONNECTED " + params.get("uuid")))
                .route("DISCONNECTED", (Params params, Dispatcher dispatcher, Void state) -> events.add("DISCONNECTED " + params.get("reason")))
                .route("RESUMED", (Params params, Dispatcher dispatcher, Void state) -> events.add("RESUMED " + params.get("uuid")))
                .route("@DM", (Params params, Dispatcher dispatcher, Void state) -> got.add(params.getInt("n")))
                .route("@JOINED", (Params params, Dispatcher dispatcher, Void state) -> events.add("@JOINED"))
                .route("@ROOMS", (Params params, Dispatcher dispatcher, Void state) -> events.add("@ROOMS " + params.get("rooms")));
    }

    /** A resuming node in a process of its own, which the test can kill -9. */
    private Process startChild(Duration window) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildNode.class.getName(), uri, prefix, Long.toString(window.toMillis()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(child);
        return child;
    }

    private static URI childUri(Process child) throws Exception {
        String childUri = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(childUri).as("the child node's address").startsWith("ws://");
        return URI.create(childUri);
    }

    static List<String> gaps(List<Integer> got) {
        return Gaps.of(got);
    }

    static void awaitSize(List<Integer> list, int size) throws InterruptedException {
        Gaps.awaitSize(list, size, 60);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
