package dev.wroustr.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The demo's joined users as rooms: a user named N is a member of the room {@code name:} and N
 * in base64url, so {@code @WHO} reads every node's users from the rooms, which a cluster shares.
 */
final class DemoNames {
    static final String PREFIX = "name:";
    /** The longest name, in bytes of UTF-8, whose room name fits the limit of 128 chars. */
    static final int MAX_BYTES = 90;

    private DemoNames() {}

    /** The room of {@code name}, or null if the name is too long for one. */
    static String room(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_BYTES) return null;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(utf8);
    }

    /** Whether {@code room} is in the names' part of the room names, whether or not it decodes to one. */
    static boolean isNameRoom(String room) {
        return room.startsWith(PREFIX);
    }

    /** The name a room stands for, or null if it is not a name's room. */
    static String name(String room) {
        if (!room.startsWith(PREFIX)) return null;
        try {
            return new String(Base64.getUrlDecoder().decode(room.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
