package dev.wroustr.internal.resume;

import java.security.SecureRandom;
import java.util.Base64;

/** Session secrets: 144 random bits, base64url, never derived from the uuid. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    public static String next() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
