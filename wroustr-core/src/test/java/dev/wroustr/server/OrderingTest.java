package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.internal.HandlerExecutors;
import dev.wroustr.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/** 200 clients x 100 messages: every client's messages reach its handler in the order sent. */
@Timeout(60)
class OrderingTest {
    private static final int CLIENTS = 200;
    private static final int MESSAGES = 100;

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void eachClientsMessagesAreHandledInOrderOnVirtualThreads() throws Exception {
        assertThat(HandlerExecutors.virtualThreadsAvailable()).isTrue();
        runOrdering(new Server<Void>("127.0.0.1:0", null));
    }

    @Test
    void eachClientsMessagesAreHandledInOrderOnTheBoundedPool() throws Exception {
        ExecutorService pool = HandlerExecutors.pool("test-handler");
        try {
            runOrdering(new Server<Void>("127.0.0.1:0", null).executor(pool));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachClientsMessagesAreHandledInOrderInline() throws Exception {
        runOrdering(new Server<Void>("127.0.0.1:0", null).inlineHandlers(true));
    }

    private static void runOrdering(Server<Void> server) throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger overlapping = new AtomicInteger();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(CLIENTS * MESSAGES);
        server.route("@SEQ", (params, dispatcher, state) -> {
            AtomicInteger inHandler = running.computeIfAbsent(dispatcher.uuid(), k -> new AtomicInteger());
            if (inHandler.incrementAndGet() > 1) overlapping.incrementAndGet();
            int n = params.getInt("n");
            seen.computeIfAbsent(params.require("client"), k -> new ArrayList<>()).add(n);
            if (n % 25 == 0) Thread.sleep(1); // uneven handler times, so a reordering would show
            inHandler.decrementAndGet();
            done.countDown();
        });
        try (var running2 = server.start()) {
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int c = 0; c < CLIENTS; c++) clients.add(TestClient.connect(running2.uri()));
                for (int n = 0; n < MESSAGES; n++) {
                    for (int c = 0; c < CLIENTS; c++) {
                        clients.get(c).socket().sendText(Message.route("@SEQ").param("client", c).param("n", n).toText(), true).join();
                    }
                }
                assertThat(done.await(45, TimeUnit.SECONDS)).as("all messages handled").isTrue();
            } finally {
                clients.forEach(TestClient::close);
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int n = 0; n < MESSAGES; n++) expected.add(n);
        assertThat(seen).hasSize(CLIENTS);
        seen.values().forEach(list -> assertThat(list).containsExactlyElementsOf(expected));
        assertThat(overlapping.get()).as("handler calls of one connection overlapped").isZero();
    }
}
