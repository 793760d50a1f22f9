package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.server.RunningServer;
import dev.wroustr.testing.TestClient;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code wroustr connect} in-process against the demo, for every route of the demo. */
@Timeout(30)
class ConnectCommandTest {
    private RunningServer demo;
    private String url;

    @BeforeEach
    void start() {
        demo = DemoServer.create("127.0.0.1", 0).start();
        url = demo.uri().toString();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void pingExpectsPong() {
        Run run = Run.of("connect", url, "--send", "@PING", "--expect", "@PONG");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("> @PING", "< @PONG");
    }

    @Test
    void messageOverTheClientsLimitIsReportedAsTooLargeNotAsATimeout() {
        var big = new dev.wroustr.server.Server<Void>("127.0.0.1:0", null)
                .route("@BIG", (params, dispatcher, state) ->
                        dispatcher.send(dev.wroustr.Message.route("@BIG").param("pad", "x".repeat(70_000))));
        try (RunningServer server = big.start()) {
            Run run = Run.of("connect", server.uri().toString(), "--send", "@BIG", "--expect", "@BIG", "--timeout", "20s");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).contains("code 1009", "message too large", "64 KiB", "while waiting for @BIG")
                    .doesNotContain("timed out");
        }
    }

    @Test
    void thePromptEditsLinesRecallsTheLastWithTheUpArrowAndSendsRequests() throws Exception {
        var keys = new java.io.PipedOutputStream();
        var typed = new java.io.PipedInputStream(keys);
        var screen = new java.io.ByteArrayOutputStream();
        var jline = org.jline.terminal.TerminalBuilder.builder().system(false).streams(typed, screen).type("xterm").build();
        var err = new java.io.ByteArrayOutputStream();
        Thread session = new Thread(() -> Main.fromArgs("connect", url).lineEditor(jline)
                .stdout(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true))
                .stderr(new java.io.PrintStream(err, true)).run());
        session.start();
        Thread.sleep(1500);
        keys.write("@PING\r".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        keys.flush();
        Thread.sleep(500);
        keys.write("\u001bOA\r".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // the up arrow: @PING again
        keys.flush();
        Thread.sleep(500);
        keys.write("? @TIME\r@TIME #$id 77\r".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        keys.flush();
        Thread.sleep(1000);
        keys.write(4); // Ctrl-D
        keys.flush();
        session.join(10_000);
        String shown = screen.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(shown.split("< @PONG", -1)).as(shown).hasSize(3);
        assertThat(shown).contains("< @TIME  #$re 77  #now ").containsPattern("< @TIME  #\\$re \\d+  #now ");
        assertThat(session.isAlive()).isFalse();
    }

    @Test
    void aWrongPathIsTheServersHttpStatusNotAnOpaqueError() {
        Run run = Run.of("connect", demo.uri().resolve("/chat").toString(), "--send", "@PING", "--expect", "@PONG");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("the server answered HTTP 404 Not Found instead of upgrading").doesNotContain("getStatus");
    }

    @Test
    void echoShowsTheParamsSetApartAndNoUuid() {
        Run run = Run.of("connect", url, "--send", "@ECHO #b 2 #a \"x y\"", "--expect", "@ECHO");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("< @ECHO  #b 2  #a 'x y'").doesNotContain("uuid");
    }

    @Test
    void joinSayAndWhoInOrder() {
        Run run = Run.of("connect", url, "--send", "@JOIN #name bot", "--send", "@SAY #text 'hi all'", "--send", "@WHO",
                "--expect", "@JOINED", "--expect", "@SAID", "--expect", "@USERS");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).containsPattern("< @JOINED  #name bot  #uuid [0-9a-f-]{36}")
                .contains("< @SAID  #name bot  #text 'hi all'", "< @USERS  #count 1  #names bot");
    }

    @Test
    void dmFromTheCliReachesAnotherClientAndToAGoneClientIsAnError() throws Exception {
        String uuid;
        try (TestClient other = TestClient.connect(demo.uri())) {
            other.send("@JOIN #name other");
            uuid = other.take().replaceFirst(".*#uuid ", "");
            Run run = Run.of("connect", url, "--send", "@DM #to " + uuid + " #text hello", "--send", "@PING", "--expect", "@PONG");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(other.take()).matches("@DM #from [0-9a-f-]{36} #text hello");
        }
        Run gone = Run.of("connect", url, "--send", "@DM #to " + uuid + " #text hello", "--expect", "@ERROR");
        assertThat(gone.exitCode()).as(gone.stderr()).isZero();
        assertThat(gone.stdout()).contains("< @ERROR  #reason 'no such client'");
    }

    @Test
    void invalidAndUnknownAreReportedBack() {
        Run run = Run.of("connect", url, "--send", "@ECHO #k", "--send", "@NOPE #x 1", "--expect", "@INVALID", "--expect", "@UNKNOWN");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("< @INVALID  #error missing-value  #offset 8", "< @UNKNOWN  #route @NOPE");
    }

    @Test
    void requestPrintsTheReply() {
        Run run = Run.of("connect", url, "--request", "@TIME", "--request", "@ROOM-JOIN #room lobby");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("> @TIME", "> @ROOM-JOIN #room lobby", "< @ROOM-JOINED  #room lobby  #members 1")
                .containsPattern("< @TIME  #now \\d{13}").doesNotContain("$re");
    }

    @Test
    void aRequestAnsweredWithAnErrorExitsWith1() {
        Run run = Run.of("connect", url, "--request", "@NOBODY-HOME");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("wroustr: request @NOBODY-HOME failed on the peer: unknown-route" + System.lineSeparator());
    }

    @Test
    void expectTimesOutWithExitCode1() {
        Run run = Run.of("connect", url, "--send", "@PING", "--expect", "@NEVER", "--timeout", "300ms");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("wroustr: timed out after 300ms waiting for @NEVER" + System.lineSeparator());
    }

    @Test
    void refusedConnectionIsOneLineAndExitCode1() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = Run.of("connect", "ws://127.0.0.1:" + port, "--send", "@PING");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("wroustr: cannot connect to ws://127.0.0.1:" + port + "/: connection refused"
                + System.lineSeparator());
    }

    @Test
    void wrongUrlIsAUsageError() {
        Run run = Run.of("connect", "localhost:9000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("wroustr: not a WebSocket URL: 'localhost:9000' (it must start with ws:// or wss://)");
    }

    @Test
    void interactiveSendsTypedLinesAndReplaysHistory() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(keyboard);
        try (TestClient watcher = TestClient.connect(demo.uri())) {
            CompletableFuture<Run> session = CompletableFuture.supplyAsync(() -> Run.withStdin(stdin, "connect", url));
            type(keyboard, "@JOIN #name typist");
            String joined = watcher.take();
            assertThat(joined).startsWith("@JOINED #name typist #uuid ");
            String uuid = joined.substring(joined.lastIndexOf(' ') + 1);
            type(keyboard, "@SAY #text one");
            watcher.assertText("@SAID #name typist #text one");
            type(keyboard, "!!");
            watcher.assertText("@SAID #name typist #text one");
            type(keyboard, "!1");
            assertThat(watcher.take()).startsWith("@JOINED #name typist #uuid ");
            type(keyboard, "/quit");
            Run run = session.get(10, TimeUnit.SECONDS);
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("> @SAY #text one", "> @JOIN #name typist", "< @SAID  #name typist  #text one");
            // The uuid others reach this client by.
            assertThat(run.stderr()).contains("* connected to " + url + " as " + uuid);
        }
    }

    private static void type(PipedOutputStream keyboard, String line) throws Exception {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }
}
