package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.server.RunningServer;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BenchCommandTest {

    @Test
    void benchAgainstTheDemoPrintsOneJsonObjectWithEveryField() {
        try (RunningServer demo = DemoServer.create("127.0.0.1", 0).start()) {
            Run run = Run.of("bench", demo.uri().toString(), "--connections", "2", "--duration", "1s", "--warmup", "0", "--json");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            String json = run.stdout().strip();
            assertThat(json).doesNotContain("\n").startsWith("{").endsWith("}");
            assertThat(json).startsWith("{\"url\":\"" + demo.uri() + "\",\"connections\":2,\"pipeline\":1,\"rate\":0,"
                    + "\"size\":80,\"durationSeconds\":1.0,\"sent\":");
            long sent = number(json, "sent");
            long received = number(json, "received");
            assertThat(sent).isPositive();
            assertThat(received).isPositive().isLessThanOrEqualTo(sent);
            assertThat(number(json, "errors")).isZero();
            assertThat(json).containsPattern("\"messagesPerSecond\":[0-9]+\\.[0-9]");
            assertThat(json).containsPattern("\"latencyMicros\":\\{\"p50\":[0-9]+,\"p90\":[0-9]+,\"p99\":[0-9]+,"
                    + "\"p999\":[0-9]+,\"max\":[0-9]+}}$");
            assertThat(run.stderr()).isEmpty();
        }
    }

    @Test
    void pipelinedAndFixedRateRunsDrainEveryReply() {
        try (RunningServer demo = DemoServer.create("127.0.0.1", 0).start()) {
            Run pipelined = Run.of("bench", demo.uri().toString(), "-c", "3", "--pipeline", "4", "-d", "500ms", "-w", "200ms",
                    "--size", "200", "--json");
            assertThat(pipelined.exitCode()).as(pipelined.stderr()).isZero();
            assertThat(number(pipelined.stdout(), "received")).isEqualTo(number(pipelined.stdout(), "sent")).isPositive();
            assertThat(pipelined.stdout()).contains("\"pipeline\":4,").contains("\"size\":200,");

            Run paced = Run.of("bench", demo.uri().toString(), "-c", "4", "--rate", "400", "-d", "1s", "-w", "0", "--json");
            assertThat(paced.exitCode()).as(paced.stderr()).isZero();
            assertThat(number(paced.stdout(), "sent")).isBetween(380L, 400L);
            assertThat(number(paced.stdout(), "received")).isEqualTo(number(paced.stdout(), "sent"));
            assertThat(number(paced.stdout(), "errors")).isZero();
        }
    }

    @Test
    void tableIsTheDefault() {
        try (RunningServer demo = DemoServer.create("127.0.0.1", 0).start()) {
            Run run = Run.of("bench", demo.uri().toString(), "-c", "2", "-d", "300ms", "-w", "0", "--route", "@PING", "--size", "5");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("sent", "received", "errors", "messages/s", "p50", "p90", "p99", "p99.9", "max");
            assertThat(run.stdout()).containsPattern("errors +0\\n");
        }
    }

    @Test
    void aWrongRouteCountsAsErrorsAndExitsNonZeroSayingWhy() {
        try (RunningServer demo = DemoServer.create("127.0.0.1", 0).start()) {
            Run run = Run.of("bench", demo.uri().toString(), "-c", "1", "-d", "300ms", "-w", "0", "--route", "@NOPE", "--json");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).contains("most requests failed", "is @NOPE a route of the server?");
            assertThat(number(run.stdout(), "errors")).isPositive();
            assertThat(number(run.stdout(), "received")).isZero();
        }
    }

    @Test
    void refusedConnectionIsOneLineAndExitCode1() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = Run.of("bench", "ws://127.0.0.1:" + port, "-d", "1s", "--json");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("wroustr: cannot connect to ws://127.0.0.1:" + port + "/: ")
                .containsIgnoringCase("refused").hasLineCount(1);
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(Run.of("bench", "http://localhost:9000").exitCode()).isEqualTo(2);
        assertThat(Run.of("bench", "ws://localhost:9000", "--pipeline", "2", "--rate", "10").exitCode()).isEqualTo(2);
        assertThat(Run.of("bench", "ws://localhost:9000", "--duration", "soon").exitCode()).isEqualTo(2);
        Run run = Run.of("bench", "ws://localhost:9000", "--connections", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("wroustr: --connections must be at least 1: 0");
    }

    @Test
    void helpListsOptionsAndExamples() {
        Run run = Run.of("bench", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("--connections", "--duration", "--warmup", "--pipeline", "--rate", "--size",
                "--route", "--json", "Examples:");
    }

    @Test
    void payloadIsPaddedToTheExactSize() {
        BenchPayload payload = new BenchPayload("@ECHO", 80);
        assertThat(payload.text(0)).hasSize(80).startsWith("@ECHO #seq 0 #pad xxx");
        assertThat(payload.text(1234567)).hasSize(80).startsWith("@ECHO #seq 1234567 #pad x");
        assertThat(dev.wroustr.Message.parse(payload.text(42)).params().get("seq")).isEqualTo("42");
        assertThat(new BenchPayload("@PING", 5).text(7)).isEqualTo("@PING #seq 7");
    }

    @Test
    void requestPayloadCarriesItsSequenceNumberAsTheRequestId() {
        BenchPayload payload = new BenchPayload("@ECHO", 80, true);
        assertThat(payload.text(42)).hasSize(80).startsWith("@ECHO #$id 42 #seq 42 #pad x");
        assertThat(new BenchPayload("@PING", 5, true).text(7)).isEqualTo("@PING #$id 7 #seq 7");
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":([0-9]+)").matcher(json);
        assertThat(m.find()).as(field + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
