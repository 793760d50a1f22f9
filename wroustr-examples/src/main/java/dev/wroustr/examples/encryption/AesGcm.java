package dev.wroustr.examples.encryption;

import dev.wroustr.Interceptor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over message text: {@code Base64(iv || ciphertext-with-tag)}, a random 12-byte IV
 * per message. Thread-safe: a {@link Cipher} is made per call, since one is not.
 *
 * <p>The interceptor pair: {@link #encrypting()} for outgoing text and {@link #decrypting()}
 * for incoming, which cancels (drops that one message) when the text is not Base64, too short,
 * or fails authentication: sent with another key, or changed on the way.
 */
public final class AesGcm {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The key both sides of the example share. A real application never puts a key in code:
     * it would get one per session from a key exchange, or from a secret store.
     */
    public static final String EXAMPLE_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    private final SecretKey key;

    public AesGcm(SecretKey key) {
        this.key = Objects.requireNonNull(key, "key");
        if (key.getEncoded().length != 32) throw new IllegalArgumentException("AES-256 needs a 32-byte key: " + key.getEncoded().length);
    }

    /** A cipher with a Base64 256-bit key, such as {@link #EXAMPLE_KEY}. */
    public static AesGcm fromBase64(String key) {
        return new AesGcm(new SecretKeySpec(Base64.getDecoder().decode(key), "AES"));
    }

    public String encrypt(String text) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        byte[] sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
    }

    /** @throws GeneralSecurityException if {@code wire} does not decrypt and authenticate with this key */
    public String decrypt(String wire) throws GeneralSecurityException {
        byte[] all;
        try {
            all = Base64.getDecoder().decode(wire);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not Base64", e);
        }
        if (all.length < IV_BYTES + TAG_BITS / 8) throw new GeneralSecurityException("too short: " + all.length + " bytes");
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
        return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    /** The outgoing interceptor: encrypts every message. */
    public <S> Interceptor<S> encrypting() {
        return (text, uuid, state) -> Interceptor.pass(encrypt(text));
    }

    /** The incoming interceptor: decrypts, and drops (cancels) what does not decrypt. The connection stays open. */
    public <S> Interceptor<S> decrypting() {
        return (text, uuid, state) -> {
            try {
                return Interceptor.pass(decrypt(text));
            } catch (GeneralSecurityException e) {
                return Interceptor.cancel();
            }
        };
    }
}
