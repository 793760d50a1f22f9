package dev.wroustr.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made by the JDK's keytool (alias
 * {@value #ALIAS}, password {@code changeit}), and the forms tests hand it on in.
 */
public final class SelfSigned {
    public static final String ALIAS = "wroustr";
    public static final char[] PASSWORD = "changeit".toCharArray();

    private SelfSigned() {
    }

    /** A PKCS12 key store in {@code dir} holding a new EC key and its certificate. */
    public static KeyStore keyStore(Path dir) throws Exception {
        Path file = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }

    /** A key store trusting the certificate of {@code keyStore}, for a client. */
    public static KeyStore trustStore(KeyStore keyStore) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry(ALIAS, keyStore.getCertificate(ALIAS));
        return trustStore;
    }

    /** Writes the certificate and its PKCS#8 key as the PEM files a certificate authority hands out. */
    public static void writePem(KeyStore keyStore, Path certificate, Path key) throws Exception {
        Files.writeString(certificate, pem("CERTIFICATE", keyStore.getCertificate(ALIAS).getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", keyStore.getKey(ALIAS, PASSWORD).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
