package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Message;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.SelfSigned;
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
    private static KeyStore keyStore;
    private static KeyStore trustStore;

    @BeforeAll
    static void makeCertificate(@TempDir Path dir) throws Exception {
        keyStore = SelfSigned.keyStore(dir);
        trustStore = SelfSigned.trustStore(keyStore);
    }

    @Test
    void wssFromPemFilesOfCertificateAndPkcs8Key(@TempDir Path dir) throws Exception {
        // The same key and certificate, written as the PEM files a certificate authority hands out.
        Path certificate = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        SelfSigned.writePem(keyStore, certificate, key);
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

    @Test
    void wssRoundTripWithATrustedSelfSignedCertificateAndAnUntrustedClientFails() throws Exception {
        Recorder<String> echoes = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null).tls(keyStore, SelfSigned.PASSWORD);
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
