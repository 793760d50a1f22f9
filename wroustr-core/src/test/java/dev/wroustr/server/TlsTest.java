package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Message;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.testing.Recorder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** wss:// with a self-signed certificate made by the JDK's keytool, from a key store and from PEM files. */
@Timeout(30)
class TlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static KeyStore keyStore;
    private static KeyStore trustStore;

    @BeforeAll
    static void makeCertificate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "wroustr",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD);
        }
        trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("wroustr", keyStore.getCertificate("wroustr"));
    }

    @Test
    void wssFromPemFilesOfCertificateAndPkcs8Key(@TempDir Path dir) throws Exception {
        // The same key and certificate, written as the PEM files a certificate authority hands out.
        Path certificate = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Files.writeString(certificate, pem("CERTIFICATE", keyStore.getCertificate("wroustr").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", keyStore.getKey("wroustr", PASSWORD).getEncoded()));
        Recorder<String> echoes = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null).tls(certificate, key);
        server.route("@ECHO", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@ECHO").param("v", params.require("v"))));
        try (var running = server.start();
             var client = new Connector<Void>("wss://localhost:" + running.port() + "/", null)
                     .trust(trustStore)
                     .reconnect(Reconnect.never())) {
            client.route("@ECHO", (params, dispatcher, state) -> echoes.add(params.get("v")));
            client.connect().get(10, TimeUnit.SECONDS);
            client.send(Message.route("@ECHO").param("v", "from pem"));
            assertThat(echoes.take()).isEqualTo("from pem");
        }
    }

    @Test
    void unreadablePemFilesFailAtOnceNamingThem(@TempDir Path dir) {
        Path missing = dir.resolve("missing.crt");
        assertThatThrownBy(() -> new Server<Void>("127.0.0.1:0", null).tls(missing, missing))
                .isInstanceOf(dev.wroustr.WroustrException.class)
                .hasMessageContaining("missing.crt");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void wssRoundTripWithATrustedSelfSignedCertificateAndAnUntrustedClientFails() throws Exception {
        Recorder<String> echoes = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null).tls(keyStore, PASSWORD);
        server.route("@ECHO", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@ECHO").param("v", params.require("v"))));
        try (var running = server.start();
             var trusted = new Connector<Void>("wss://localhost:" + running.port() + "/", null)
                     .trust(trustStore)
                     .reconnect(Reconnect.never());
             var untrusted = new Connector<Void>("wss://localhost:" + running.port() + "/", null)
                     .reconnect(Reconnect.never())) {
            assertThat(running.uri().getScheme()).isEqualTo("wss");
            trusted.route("@ECHO", (params, dispatcher, state) -> echoes.add(params.get("v")));
            trusted.connect().get(10, TimeUnit.SECONDS);
            assertThat(trusted.send(Message.route("@ECHO").param("v", "over tls"))).isTrue();
            assertThat(echoes.take()).isEqualTo("over tls");

            assertThatThrownBy(() -> untrusted.connect().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasStackTraceContaining("SSLHandshakeException");
            assertThat(untrusted.isConnected()).isFalse();

            assertThat(trusted.send(Message.route("@ECHO").param("v", "still here"))).isTrue();
            assertThat(echoes.take()).isEqualTo("still here");
        }
    }
}
