package dev.wroustr.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

/**
 * Random bytes from a {@link SecureRandom}, drawn a batch at a time: each draw of the default one
 * mixes in a digest, garbage that a server taking thousands of connections a second would make
 * twice for each (its uuid, its session secret). What was handed out is zeroed, so the pool holds
 * only bytes not yet used.
 */
public final class RandomPool {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] POOL = new byte[1024]; // guarded by itself
    private static int used = POOL.length;

    private RandomPool() {}

    /** Fills {@code into} with random bytes. */
    public static void next(byte[] into) {
        synchronized (POOL) {
            int done = 0;
            while (done < into.length) {
                if (used == POOL.length) {
                    RANDOM.nextBytes(POOL);
                    used = 0;
                }
                int n = Math.min(into.length - done, POOL.length - used);
                System.arraycopy(POOL, used, into, done, n);
                Arrays.fill(POOL, used, used + n, (byte) 0);
                used += n;
                done += n;
            }
        }
    }

    /** A random (version 4) UUID, as {@link UUID#randomUUID()} makes one. */
    public static UUID uuid() {
        byte[] bytes = new byte[16];
        next(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) most = (most << 8) | (bytes[i] & 0xff);
        for (int i = 8; i < 16; i++) least = (least << 8) | (bytes[i] & 0xff);
        return new UUID(most, least);
    }
}
