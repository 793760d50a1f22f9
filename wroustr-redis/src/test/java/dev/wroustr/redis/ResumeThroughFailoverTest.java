package dev.wroustr.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.testing.CuttingProxy;
import dev.wroustr.testing.Recorder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume through a failover of Redis (PROTOCOL.md section 11): a client with a resumable
 * session on node one and a peer on node two send each other DMs; mid-traffic, the master
 * holding the client's session is killed -9 and the client's connection cut at once, and the
 * client comes back through node two once a replica is promoted. Each message to the client is
 * delivered once and in order, refused to its sender (false), or lost in flight as the master
 * died (counted by the sending node); or the client is told it did not resume, and why. The
 * client's own messages handled while their count could not be written are handled again after
 * the resume (at least once), each counted. What happened is printed.
 */
@Timeout(120)
class ResumeThroughFailoverTest {
    private static final int COUNT = 1_500;
    private static final Duration WINDOW = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final String prefix = "resume-failover-" + UUID.randomUUID() + ":";

    @Test
    void aClientResumesThroughASentinelFailoverAndNothingIsLostSilentlyNorDeliveredTwice() throws Exception {
        try (SentinelSet set = SentinelSet.start(dir, Duration.ofMillis(500))) {
            throughAFailover("Sentinel", set.uri(), key -> set.master, set::awaitReplicaPromoted);
        }
    }

    @Test
    void aClientResumesThroughARedisClusterFailoverAndNothingIsLostSilentlyNorDeliveredTwice() throws Exception {
        try (RedisClusterProcesses cluster = RedisClusterProcesses.start(dir)) {
            throughAFailover("Redis Cluster", cluster.uri(), cluster::masterOf, () -> ClusterNodes.eventually("the cluster ok again, a replica promoted",
                    () -> cluster.masters().size() == 3 && cluster.masters().stream().allMatch(m -> cluster.admin(m).clusterInfo().contains("cluster_state:ok"))));
        }
    }

    private static List<Integer> missing(List<Integer> got, Set<Integer> refused) {
        Set<Integer> arrived = new HashSet<>(got);
        List<Integer> missing = new ArrayList<>();
        for (int n = 0; n < COUNT; n++) if (!arrived.contains(n) && !refused.contains(n)) missing.add(n);
        return missing;
    }

    interface Masters {
        RedisProcess of(String key) throws Exception;
    }

    interface Promotion {
        void await() throws Exception;
    }

    /** What one client saw: the numbers of the DMs it got, and those of its own sends refused. */
    private record Side(List<Integer> got, Set<Integer> refused, Recorder<String> events) {
        Side() {
            this(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedSet(new HashSet<>()), new Recorder<>());
        }
    }

    private void throughAFailover(String topology, String uri, Masters masters, Promotion promotion) throws Exception {
        RedisCluster redisOne = RedisCluster.connect(uri).keyPrefix(prefix).lease(ClusterNodes.LEASE);
        RedisCluster redisTwo = RedisCluster.connect(uri).keyPrefix(prefix).lease(ClusterNodes.LEASE);
        Side a = new Side(), b = new Side();
        try (RunningServer one = node(redisOne).start(); RunningServer two = node(redisTwo).start();
             CuttingProxy proxy = new CuttingProxy(one.uri());
             Connector<Void> clientA = client(proxy.through(one.uri()), a);
             Connector<Void> clientB = client(two.uri(), b)) {
            clientA.connect().get(5, TimeUnit.SECONDS);
            clientB.connect().get(5, TimeUnit.SECONDS);
            String uuidA = clientA.uuid(), uuidB = clientB.uuid();
            assertThat(a.events.take()).isEqualTo("CONNECTED " + uuidA);
            RedisProcess master = masters.of(prefix + "sess:{" + uuidA + "}");

            Thread aSends = sender(clientA, uuidB), bSends = sender(clientB, uuidA);
            aSends.start();
            bSends.start();
            Thread.sleep(1_500);
            // The master of the client's session dies as its connection drops; it comes back
            // through node two once a replica is promoted.
            proxy.retarget(two.uri());
            proxy.refuse(true);
            master.stop();
            long killed = System.nanoTime();
            proxy.cut();
            promotion.await();
            long promoted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            proxy.refuse(false);
            aSends.join();
            bSends.join();

            String back = a.events.take(30);
            boolean resumed = back.equals("RESUMED " + uuidA);
            if (!resumed) assertThat(back).as("the client is told it did not resume, and why").startsWith("DISCONNECTED not resumed: ");
            // Everything sent is delivered, refused or lost in flight, and the counts settle.
            awaitSettled(a, b);
            int toA = COUNT - b.refused.size(), toB = COUNT - a.refused.size();
            System.out.printf("resume through a %s failover: replica promoted %d ms after the kill; the client %s;"
                            + " to the client: %d delivered of %d sent true (%d refused), %d duplicates; to the peer: %d delivered of %d sent true"
                            + " (%d refused), %d duplicates; Redis failures counted by node one %d, node two %d%n",
                    topology, promoted, resumed ? "resumed" : "was told: " + back, new HashSet<>(a.got).size(), toA, b.refused.size(),
                    a.got.size() - new HashSet<>(a.got).size(), new HashSet<>(b.got).size(), toB, a.refused.size(),
                    b.got.size() - new HashSet<>(b.got).size(), redisOne.failures(), redisTwo.failures());

            List<Integer> lost = missing(a.got, b.refused);
            System.out.println("DMs to the client said true and not delivered: " + ranges(lost));
            assertThat(a.got).as("the client's DMs, once each").doesNotHaveDuplicates();
            assertThat(a.got).as("the client's DMs, in order: " + ClusterResumeTest.gaps(a.got)).isSorted();
            // The peer's DMs: a message of the client's handled on node one while its count could
            // not be written (the master was dead) is handled again after the resume (at least
            // once, PROTOCOL.md section 11): each such one is a failure node one counted, and the
            // first deliveries keep their order.
            List<Integer> firsts = new ArrayList<>(new java.util.LinkedHashSet<>(b.got));
            assertThat(firsts).as("the peer's DMs, in order: " + ClusterResumeTest.gaps(b.got)).isSorted();
            assertThat((long) b.got.size() - firsts.size()).as("the peer's DMs handled twice").isLessThanOrEqualTo(redisOne.failures());
            assertThat(a.got).as("refused to their sender, yet delivered").doesNotContainAnyElementsOf(b.refused);
            if (resumed) {
                // Said true and not delivered: what was in flight to the master as it died (an append
                // that failed after its send said true, each a failure node two counted), or appended
                // there and neither replicated nor published: printed, and bounded by those failures.
                assertThat((long) lost.size()).as("DMs to the client lost after true: " + ranges(lost)).isLessThanOrEqualTo(redisTwo.failures());
                assertThat((long) toB - new HashSet<>(b.got).size()).as("DMs to the peer lost after true").isLessThanOrEqualTo(redisOne.failures() + redisTwo.failures());
            }
        }
    }

    /** A node with resume on, and {@code @SAY #to U #n N}: {@code @DM #n N} to U, or {@code @REFUSED #n N} back when sendTo says false. */
    private static Server<Void> node(RedisCluster redis) {
        return ClusterNodes.resuming(ClusterNodes.node(redis), WINDOW).route("@SAY", (params, dispatcher, state) -> {
            String n = params.require("n");
            if (!dispatcher.sendTo(params.require("to"), Message.route("@DM").param("n", n))) dispatcher.send(Message.route("@REFUSED").param("n", n));
        });
    }

    private static Connector<Void> client(URI uri, Side side) {
        return new Connector<Void>(uri.toString(), null)
                .reconnect(Reconnect.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                .maxQueuedMessages(50_000)
                .route("CONNECTED", (Params params, Dispatcher dispatcher, Void state) -> side.events.add("CONNECTED " + params.get("uuid")))
                .route("DISCONNECTED", (Params params, Dispatcher dispatcher, Void state) -> side.events.add("DISCONNECTED " + params.get("reason")))
                .route("RESUMED", (Params params, Dispatcher dispatcher, Void state) -> side.events.add("RESUMED " + params.get("uuid")))
                .route("@DM", (Params params, Dispatcher dispatcher, Void state) -> side.got.add(params.getInt("n")))
                .route("@REFUSED", (Params params, Dispatcher dispatcher, Void state) -> side.refused.add(params.getInt("n")));
    }

    private static Thread sender(Connector<Void> from, String to) {
        return new Thread(() -> {
            for (int n = 0; n < COUNT; n++) {
                Message message = Message.route("@SAY").param("to", to).param("n", n);
                while (!from.send(message)) ClusterResumeTest.sleep(1);
                ClusterResumeTest.sleep(3);
            }
        });
    }

    /** 3, 4, 5, 9 as "3-5, 9". */
    private static String ranges(List<Integer> numbers) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < numbers.size(); i++) {
            int from = numbers.get(i);
            while (i + 1 < numbers.size() && numbers.get(i + 1) == numbers.get(i) + 1) i++;
            if (out.length() > 0) out.append(", ");
            out.append(from == numbers.get(i) ? "" + from : from + "-" + numbers.get(i));
        }
        return out.toString();
    }

    /** Waits until neither side's counts have moved for a second (at most 30 s). */
    private static void awaitSettled(Side a, Side b) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last = -1;
        while (System.nanoTime() < deadline) {
            int now = a.got.size() + b.got.size() + a.refused.size() + b.refused.size();
            if (now == last) return;
            last = now;
            Thread.sleep(1_000);
        }
    }
}
