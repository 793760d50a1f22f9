package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MainTest {

    @Test
    void demoOnAPortInUseIsOneLineAndExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Run run = Run.of("demo", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).isEqualTo("wroustr: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use" + System.lineSeparator());
        }
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : new String[] {"demo", "connect", "bench"}) {
            Run run = Run.of(command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.stdout()).as(command).contains("Usage: wroustr " + command, "Examples:");
        }
        assertThat(Run.of("demo", "--help").stdout()).contains("--allow-origin", "@LIMITED", "at most 64 rooms", "--tls", "--trust-proxy", "--redis-cluster", "@MISSED");
        Run top = Run.of("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.stdout()).contains("demo", "connect", "bench");
    }

    @Test
    void noCommandOrAnUnknownOneIsAUsageError() {
        Run none = Run.of();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).startsWith("wroustr: missing command");
        Run unknown = Run.of("serve");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("Try 'wroustr --help'.");
        Run typo = Run.of("demoo");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stderr()).contains("Did you mean: demo?");
        Run both = Run.of("demo", "--redis", "redis://127.0.0.1:1", "--redis-cluster", "127.0.0.1:2");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stderr()).contains("--redis and --redis-cluster: give one");
        Run seeds = Run.of("demo", "--redis-cluster", "127.0.0.1");
        assertThat(seeds.exitCode()).isEqualTo(2);
        assertThat(seeds.stderr()).contains("HOST:PORT,HOST:PORT");
        Run option = Run.of("bench", "ws://127.0.0.1:1/", "--conections", "4");
        assertThat(option.stderr()).contains("Did you mean: --connections?");
    }

    @Test
    void historyExpandsBangBangAndBangN() {
        History history = new History();
        history.add("@PING");
        history.add("@SAY #text hi");
        assertThat(history.expand("!!")).isEqualTo("@SAY #text hi");
        assertThat(history.expand("!1")).isEqualTo("@PING");
        assertThat(history.expand("@WHO")).isEqualTo("@WHO");
        assertThat(history.numbered()).containsExactly("   1  @PING", "   2  @SAY #text hi");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> history.expand("!3"))
                .hasMessage("!3: no such entry");
    }
}
