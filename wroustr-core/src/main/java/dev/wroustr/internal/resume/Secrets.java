package dev.wroustr.internal.resume;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/** Session secrets: 144 random bits, base64url, never derived from the uuid. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final int BYTES = 18;
    // Drawn for 64 secrets at a time: each draw of the default SecureRandom mixes in a digest, garbage
    // that a server taking thousands of connections a second would make for each. Guarded by itself;
    // what was handed out is zeroed, so the pool holds only secrets not yet made.
    private static final byte[] POOL = new byte[BYTES * 64];
    private static int used = POOL.length;

    private Secrets() {}

    public static String next() {
        byte[] bytes = new byte[BYTES];
        synchronized (POOL) {
            if (used == POOL.length) {
                RANDOM.nextBytes(POOL);
                used = 0;
            }
            System.arraycopy(POOL, used, bytes, 0, BYTES);
            Arrays.fill(POOL, used, used + BYTES, (byte) 0);
            used += BYTES;
        }
        return BASE64.encodeToString(bytes);
    }
}
