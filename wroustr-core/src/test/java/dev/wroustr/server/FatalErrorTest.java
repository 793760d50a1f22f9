package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.CloseCodes;
import dev.wroustr.WroustrException;
import dev.wroustr.testing.TestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fatal error (memory running out) stops the server, closing every connection with 1011 and
 * making awaitClosed (so serve) throw, instead of leaving a process that serves some connections
 * and strands others.
 */
@Timeout(60)
class FatalErrorTest {

    @ParameterizedTest(name = "inline handlers: {0}")
    @ValueSource(booleans = {false, true})
    void anOutOfMemoryErrorInAHandlerStopsTheServerAndClosesEveryConnectionWith1011(boolean inline) throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null).inlineHandlers(inline);
        server.route("@PING", (params, dispatcher, state) -> dispatcher.send("@PONG"));
        server.route("@BOOM", (params, dispatcher, state) -> {
            throw new OutOfMemoryError("Java heap space (from the test)");
        });
        RunningServer running = server.start();
        try (TestClient bystander = TestClient.connect(running.uri()); TestClient culprit = TestClient.connect(running.uri())) {
            bystander.send("@PING");
            bystander.assertText("@PONG");
            culprit.send("@BOOM");
            assertThat(bystander.assertClosed(CloseCodes.INTERNAL_ERROR)).isEqualTo("server error");
            culprit.assertClosed(CloseCodes.INTERNAL_ERROR);
            assertThatThrownBy(running::awaitClosed)
                    .isInstanceOf(WroustrException.class)
                    .hasMessageContaining("stopped after a fatal error")
                    .hasCauseInstanceOf(OutOfMemoryError.class);
            assertThat(running.isClosed()).isTrue();
            assertThatThrownBy(() -> TestClient.connect(running.uri())).isNotNull();
        } finally {
            running.close();
        }
    }

    @Test
    void aStackOverflowIsTheHandlersErrorAndTheServerGoesOn() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null);
        server.route("@DEEP", (params, dispatcher, state) -> {
            throw new StackOverflowError("from the test");
        });
        server.route("@PING", (params, dispatcher, state) -> dispatcher.send("@PONG"));
        try (RunningServer running = server.start(); TestClient client = TestClient.connect(running.uri())) {
            client.send("@DEEP");
            client.send("@PING");
            client.assertText("@PONG");
            assertThat(running.isClosed()).isFalse();
        }
    }

    /**
     * The real thing, in a JVM of its own with a small heap: a handler that keeps what it
     * allocates runs the heap out. The process must end (its supervisor restarts it), not live
     * on with a full heap.
     */
    @Test
    void aServerWhoseHeapRunsOutEndsItsProcess() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), HoardingServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String uri = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(uri).as("the child server's address").startsWith("ws://");
            List<TestClient> clients = new ArrayList<>();
            try (TestClient bystander = TestClient.connect(URI.create(uri)); TestClient hoarder = TestClient.connect(URI.create(uri))) {
                bystander.send("@PING");
                bystander.assertText("@PONG");
                hoarder.send("@HOARD");
                assertThat(child.waitFor(45, TimeUnit.SECONDS)).as("the process ended after its heap ran out").isTrue();
                assertThat(child.exitValue()).isNotZero();
                bystander.take(10);
            }
            clients.forEach(TestClient::close);
        } finally {
            child.destroyForcibly();
        }
    }

    /** The child of {@link #aServerWhoseHeapRunsOutEndsItsProcess}: prints its address, then serves. */
    public static final class HoardingServer {
        static final List<byte[]> hoard = new ArrayList<>();

        public static void main(String[] args) throws Exception {
            var server = new Server<Void>("127.0.0.1:0", null).shutdownTimeout(java.time.Duration.ofSeconds(2));
            server.route("@PING", (params, dispatcher, state) -> dispatcher.send("@PONG"));
            server.route("@HOARD", (params, dispatcher, state) -> {
                while (true) hoard.add(new byte[256 * 1024]);
            });
            RunningServer running = server.start();
            System.out.println(running.uri());
            System.out.flush();
            running.awaitClosed();
        }
    }
}
