package dev.wroustr.internal.resume;

import dev.wroustr.internal.RandomPool;
import java.util.Base64;

/** Session secrets: 144 random bits, base64url, never derived from the uuid. */
public final class Secrets {
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {}

    public static String next() {
        byte[] bytes = new byte[18];
        RandomPool.next(bytes);
        return BASE64.encodeToString(bytes);
    }
}
