package dev.wroustr.internal.netty;

import dev.wroustr.WroustrException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** Netty TLS contexts from the JDK's key material types, so no Netty type is in the public API. */
public final class TlsContexts {
    private TlsContexts() {}

    public static SslContext server(Path certificateChainPem, Path privateKeyPem) {
        try {
            return SslContextBuilder.forServer(certificateChainPem.toFile(), privateKeyPem.toFile()).build();
        } catch (Exception e) {
            throw new WroustrException("cannot load TLS certificate " + certificateChainPem + " and key " + privateKeyPem + ": " + e.getMessage(), e);
        }
    }

    public static SslContext server(KeyStore keyStore, char[] password) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password);
            return SslContextBuilder.forServer(keys).build();
        } catch (Exception e) {
            throw new WroustrException("cannot use the key store for TLS: " + e.getMessage(), e);
        }
    }

    /** @param trustStore the certificates to trust, or null for the JDK's default trust */
    public static SslContext client(KeyStore trustStore) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (trustStore != null) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trustStore);
                builder.trustManager(trust);
            }
            return builder.build();
        } catch (Exception e) {
            throw new WroustrException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
