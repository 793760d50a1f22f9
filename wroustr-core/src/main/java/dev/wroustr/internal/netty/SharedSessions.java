package dev.wroustr.internal.netty;

import dev.wroustr.server.AttributeKey;
import dev.wroustr.server.SessionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * This node's side of the sessions a cluster keeps ({@link SessionStore}): what the store hands
 * the local sessions, and the identities a resume compares, in the store's form.
 */
final class SharedSessions implements SessionStore.Host {
    private final ServerContext<?> server;
    private volatile SessionStore store;

    private SharedSessions(ServerContext<?> server) {
        this.server = server;
    }

    /** The shared sessions of {@code server}, or null when its cluster keeps none (or it has no cluster, or resume is off). */
    static SharedSessions of(ServerContext<?> server) {
        ServerSettings<?> settings = server.settings();
        if (settings.cluster() == null || settings.resume() == null) return null;
        SharedSessions shared = new SharedSessions(server);
        ResumeSettings resume = settings.resume();
        shared.store = settings.cluster().sessions(shared, resume.window(), resume.maxMessages());
        return shared.store == null ? null : shared;
    }

    SessionStore store() {
        return store;
    }

    /** A new session's id: a uuid, as any connection's. */
    static String newUuid() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void deliver(String uuid, String text) {
        ChannelDispatcher<?> connection = server.local().get(uuid);
        if (connection != null) connection.deliverShared(text);
    }

    @Override
    public void release(String uuid) {
        ChannelDispatcher<?> connection = server.local().get(uuid);
        if (connection != null && connection.shared() != null) connection.shared().release();
    }

    /**
     * The identity the handshake checks attached (their notes are not part of it), in the form
     * the store keeps and a resume on another node compares: each attribute's name, type and
     * value, in the order of their names. Values of types that do not carry (anything but text,
     * numbers, booleans, characters, enums and uuids) are compared by their type alone.
     */
    static String identity(Map<AttributeKey<?>, Object> attributes) {
        if (attributes == null || attributes.isEmpty()) return "";
        List<Map.Entry<AttributeKey<?>, Object>> entries = new ArrayList<>(attributes.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<AttributeKey<?>, Object> e) -> e.getKey().name())
                .thenComparing(e -> e.getKey().type().getName()));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<AttributeKey<?>, Object> entry : entries) {
            Object value = entry.getValue();
            out.append(entry.getKey().name()).append('\u001f').append(entry.getKey().type().getName()).append('\u001f')
                    .append(carries(value) ? value.toString() : "?").append('\u001e');
        }
        return out.toString();
    }

    private static boolean carries(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?> || value instanceof UUID;
    }
}
