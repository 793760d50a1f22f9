package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Message;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.SelfSigned;
import dev.wroustr.testing.TestClient;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    private DemoProcess demo;

    @AfterEach
    void stop() throws Exception {
        if (demo != null) demo.close();
    }

    @Test
    void demoServesWssWithAPemCertificateAndPkcs8Key(@TempDir Path dir) throws Exception {
        KeyStore keyStore = SelfSigned.keyStore(dir);
        Path certificate = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        SelfSigned.writePem(keyStore, certificate, key);

        demo = DemoProcess.start("--tls", certificate.toString(), key.toString());
        URI uri = demo.uri();
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
        demo = DemoProcess.start("--trust-proxy", "127.0.0.1");
        try (TestClient client = TestClient.connect(demo.uri(), Map.of("X-Forwarded-For", "203.0.113.7"))) {
            assertThat(demo.nextLine("connected ")).contains("from 203.0.113.7");
        }
    }

    @Test
    void withoutTrustProxyTheForwardedHeaderIsIgnored() throws Exception {
        demo = DemoProcess.start();
        try (TestClient client = TestClient.connect(demo.uri(), Map.of("X-Forwarded-For", "203.0.113.7"))) {
            assertThat(demo.nextLine("connected ")).contains("from 127.0.0.1");
        }
    }
}
