package dev.wroustr.server;

import dev.wroustr.Message;
import java.util.Objects;
import java.util.Set;

/**
 * Sends to the members of one room, optionally leaving one out:
 * {@code dispatcher.toRoom("lobby").except(dispatcher.uuid()).send(message)}. Immutable and
 * safe from any thread. A room exists while it has members: there is nothing to create.
 *
 * <p>Delivery goes through the server's {@link Delivery}, so in a cluster a room spans every
 * node. As for a broadcast, the frame is encoded once and shared unless outgoing interceptors
 * must see each copy.
 */
public final class Room {
    /** The longest room name, in chars. */
    public static final int MAX_NAME_LENGTH = 128;

    private final Delivery delivery;
    private final String name;
    private final String except;

    /** The room {@code name} of {@code delivery}; {@link ServerDispatcher#toRoom} is the way in from a handler. */
    public static Room of(Delivery delivery, String name) {
        return new Room(Objects.requireNonNull(delivery, "delivery"), name, null);
    }

    private Room(Delivery delivery, String name, String except) {
        this.delivery = delivery;
        this.name = checkName(name);
        this.except = except;
    }

    /** The room's name. */
    public String name() {
        return name;
    }

    /** This room without the connection {@code uuid}: the usual way to leave out the sender. */
    public Room except(String uuid) {
        return new Room(delivery, name, Objects.requireNonNull(uuid, "uuid"));
    }

    /** Queues {@code message} to every member but the one left out. @return how many it was queued to */
    public int send(Message message) {
        return delivery.sendToRoom(name, message.toText(), except);
    }

    /** As {@link #send(Message)}, with raw text sent as written. */
    public int send(String text) {
        return delivery.sendToRoom(name, Objects.requireNonNull(text, "text"), except);
    }

    /** The uuids of the room's members, the one left out included. A snapshot. */
    public Set<String> members() {
        return delivery.members(name);
    }

    /**
     * Returns {@code name} if it can name a room: 1 to {@value #MAX_NAME_LENGTH} chars of
     * {@code A-Z a-z 0-9} and {@code - _ . : / @ #}. Such names are safe in a log line, a wire
     * value, a metric tag and a Redis key alike.
     *
     * @throws IllegalArgumentException naming the room and the rule, otherwise
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "room");
        boolean ok = !name.isEmpty() && name.length() <= MAX_NAME_LENGTH;
        for (int i = 0; ok && i < name.length(); i++) ok = allowed(name.charAt(i));
        if (!ok) {
            throw new IllegalArgumentException("room name must be 1 to " + MAX_NAME_LENGTH
                    + " chars of A-Z a-z 0-9 - _ . : / @ #: \"" + name + "\"");
        }
        return name;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '@' || c == '#';
    }

    @Override
    public String toString() {
        return except == null ? "Room[" + name + "]" : "Room[" + name + " except " + except + "]";
    }
}
