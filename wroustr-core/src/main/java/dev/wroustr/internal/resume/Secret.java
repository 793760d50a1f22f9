package dev.wroustr.internal.resume;

import dev.wroustr.internal.RandomPool;
import java.util.Base64;

/**
 * A session's secret: 144 random bits, never derived from the uuid, written as base64url (24
 * chars) only where the client gets it, in a welcome. Held as numbers and compared by them: a
 * server's session is its own key in its map of sessions ({@code ServerSession} extends this),
 * so the server holds no string per session (64 bytes) and no key object beside the session.
 * Renewed only while out of any map, as a key must not change in one.
 */
public class Secret {
    private static final int BYTES = 18;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private long high;
    private long low;
    private short last;

    /** A new random secret. */
    protected Secret() {
        renew();
    }

    private Secret(byte[] bytes) {
        set(bytes);
    }

    /** The secret a client presented, to look its session up by: null if it cannot be one. */
    public static Secret parse(String text) {
        if (text.length() != 24) return null;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            // 24 chars with padding decode to fewer bytes.
            return bytes.length == BYTES ? new Secret(bytes) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A new random value: each resume gives a new secret, as each is good once. */
    protected final void renew() {
        byte[] bytes = new byte[BYTES];
        RandomPool.next(bytes);
        set(bytes);
    }

    private void set(byte[] bytes) {
        long h = 0;
        long l = 0;
        for (int i = 0; i < 8; i++) h = (h << 8) | (bytes[i] & 0xff);
        for (int i = 8; i < 16; i++) l = (l << 8) | (bytes[i] & 0xff);
        high = h;
        low = l;
        last = (short) ((bytes[16] & 0xff) << 8 | (bytes[17] & 0xff));
    }

    /** The secret as the client gets it: base64url, 24 chars. */
    public final String text() {
        byte[] bytes = new byte[BYTES];
        for (int i = 0; i < 8; i++) bytes[i] = (byte) (high >>> (56 - 8 * i));
        for (int i = 0; i < 8; i++) bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        bytes[16] = (byte) (last >>> 8);
        bytes[17] = (byte) last;
        return ENCODER.encodeToString(bytes);
    }

    @Override
    public final boolean equals(Object other) {
        return other instanceof Secret secret && secret.high == high && secret.low == low && secret.last == last;
    }

    @Override
    public final int hashCode() {
        return Long.hashCode(high * 31 + low) ^ last;
    }
}
