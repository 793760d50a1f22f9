package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.SelfSigned;
import dev.wroustr.testing.TestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wroustr demo --tls CERT KEY} and {@code --trust-proxy}, run as a real process: a
 * self-signed certificate made by the JDK's keytool, written as the PEM files a certificate
 * authority hands out, and the Java {@code Connector} trusting it over wss://.
 */
@Timeout(60)
class DemoTlsTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");

    private Process demo;
    private BufferedReader demoOut;

    @AfterEach
    void stop() throws Exception {
        if (demo != null) {
            demo.destroy();
            demo.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void demoServesWssWithAPemCertificateAndPkcs8Key(@TempDir Path dir) throws Exception {
        KeyStore keyStore = SelfSigned.keyStore(dir);
        Path certificate = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        SelfSigned.writePem(keyStore, certificate, key);

        URI uri = startDemo("--tls", certificate.toString(), key.toString());
        assertThat(uri.getScheme()).isEqualTo("wss");
        Recorder<String> pongs = new Recorder<>();
        try (var client = new Connector<Void>("wss://localhost:" + uri.getPort() + "/", null)
                .trust(SelfSigned.trustStore(keyStore))
                .reconnect(Reconnect.never())) {
            client.route("@PONG", (params, dispatcher, state) -> pongs.add("@PONG"));
            client.connect().get(10, TimeUnit.SECONDS);
            assertThat(client.send(Message.route("@PING"))).isTrue();
            assertThat(pongs.take()).isEqualTo("@PONG");
        }
    }

    @Test
    void aMissingKeyFileIsAUsageErrorNamingIt(@TempDir Path dir) {
        Run run = Run.of("demo", "--port", "0", "--tls", dir.resolve("none.crt").toString(), dir.resolve("none.key").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--tls", "none.crt");
    }

    @Test
    void aTrustedProxysForwardedAddressIsTheClientsAndOthersAreIgnored() throws Exception {
        startDemo("--trust-proxy", "127.0.0.1");
        try (TestClient client = TestClient.connect(uri, Map.of("X-Forwarded-For", "203.0.113.7"))) {
            assertThat(nextLine("connected ")).contains("from 203.0.113.7");
        }
    }

    @Test
    void withoutTrustProxyTheForwardedHeaderIsIgnored() throws Exception {
        startDemo();
        try (TestClient client = TestClient.connect(uri, Map.of("X-Forwarded-For", "203.0.113.7"))) {
            assertThat(nextLine("connected ")).contains("from 127.0.0.1");
        }
    }

    private URI uri;

    private URI startDemo(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--port", "0"));
        command.addAll(List.of(options));
        demo = new ProcessBuilder(command).redirectErrorStream(true).start();
        demoOut = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        Matcher listening = LISTENING.matcher(nextLine("wroustr demo listening on"));
        assertThat(listening.find()).isTrue();
        uri = URI.create(listening.group(1));
        return uri;
    }

    /** The demo's next line containing {@code text}; fails, with what it printed, if it exits first. */
    private String nextLine(String text) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = demoOut.readLine()) != null; ) {
            if (line.contains(text)) return line;
            seen.append(line).append('\n');
        }
        throw new AssertionError("the demo ended without printing \"" + text + "\":\n" + seen);
    }
}
