package dev.wroustr.internal.netty;

import dev.wroustr.server.Delivery;
import dev.wroustr.server.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Delivery to the connections of this server, by uuid and by room. */
final class LocalDelivery implements Delivery {
    private final ConcurrentHashMap<String, ChannelDispatcher<?>> connections = new ConcurrentHashMap<>();
    // Room name to its members by uuid. A room is in the map exactly while it has members: it is
    // added and removed inside compute, so a join racing the last leave never lands in a dropped set.
    private final ConcurrentHashMap<String, Map<String, ChannelDispatcher<?>>> rooms = new ConcurrentHashMap<>();
    private final boolean perConnectionText;
    private final ServerMetrics metrics;
    private final FanOutBacklog fanOut;

    /**
     * @param perConnectionText outgoing interceptors must see each copy, so a broadcast cannot share one frame
     * @param metrics counts the copies of a shared frame (a copy sent as text counts itself)
     * @param fanOut where a sender waits while too many copies are queued
     */
    LocalDelivery(boolean perConnectionText, ServerMetrics metrics, FanOutBacklog fanOut) {
        this.perConnectionText = perConnectionText;
        this.metrics = metrics;
        this.fanOut = fanOut;
    }

    void add(ChannelDispatcher<?> connection) {
        connections.put(connection.uuid(), connection);
    }

    void remove(ChannelDispatcher<?> connection) {
        connections.remove(connection.uuid(), connection);
    }

    /** The connection of {@code uuid} on this server, or null. */
    ChannelDispatcher<?> get(String uuid) {
        return connections.get(uuid);
    }

    Collection<ChannelDispatcher<?>> all() {
        return connections.values();
    }

    @Override
    public boolean sendTo(String uuid, String text) {
        ChannelDispatcher<?> connection = uuid == null ? null : connections.get(uuid);
        return connection != null && connection.send(text);
    }

    @Override
    public int broadcast(String text) {
        return sendToAll(connections.values(), text, null);
    }

    @Override
    public int sendToRoom(String room, String text, String except) {
        Map<String, ChannelDispatcher<?>> members = rooms.get(room);
        return members == null ? 0 : sendToAll(members.values(), text, except);
    }

    private int sendToAll(Collection<ChannelDispatcher<?>> targets, String text, String except) {
        fanOut.awaitRoom();
        int sent = 0;
        if (perConnectionText) {
            for (ChannelDispatcher<?> connection : targets) {
                if (!connection.uuid().equals(except) && connection.send(text)) sent++;
            }
            return sent;
        }
        // Framed once; every connection writes a view of the same bytes.
        ByteBuf frame = TextFrames.serverFrame(ByteBufAllocator.DEFAULT, text.getBytes(StandardCharsets.UTF_8));
        try {
            for (ChannelDispatcher<?> connection : targets) {
                if (!connection.uuid().equals(except) && connection.writeShared(frame)) sent++;
            }
        } finally {
            frame.release();
        }
        // Here, not at the caller: copies that other nodes of a cluster hand over count too.
        if (sent > 0 && metrics != ServerMetrics.NONE) metrics.messagesOut(ChannelDispatcher.routeOf(text), sent);
        return sent;
    }

    @Override
    public void opened(String uuid) {
        // add() has registered it: a connection is in no room when it opens.
    }

    @Override
    public void closed(String uuid, Set<String> left) {
        for (String room : left) removeMember(room, uuid);
    }

    @Override
    public void joined(String uuid, String room) {
        ChannelDispatcher<?> connection = connections.get(uuid);
        if (connection == null) return;
        rooms.compute(room, (name, members) -> {
            if (members == null) members = new ConcurrentHashMap<>(4);
            members.put(uuid, connection);
            return members;
        });
    }

    @Override
    public void left(String uuid, String room) {
        removeMember(room, uuid);
    }

    private void removeMember(String room, String uuid) {
        rooms.computeIfPresent(room, (name, members) -> {
            members.remove(uuid);
            return members.isEmpty() ? null : members;
        });
    }

    @Override
    public Set<String> connections() {
        // A view, not a copy: a CONNECTED route that logs connections().size() would otherwise copy
        // every uuid for every new connection, quadratic garbage that a busy server's RSS shows.
        return Collections.unmodifiableSet(connections.keySet());
    }

    @Override
    public boolean isOnline(String uuid) {
        return uuid != null && connections.containsKey(uuid);
    }

    @Override
    public Set<String> rooms() {
        return Set.copyOf(rooms.keySet());
    }

    @Override
    public Set<String> members(String room) {
        Map<String, ChannelDispatcher<?>> members = rooms.get(room);
        return members == null ? Set.of() : Set.copyOf(members.keySet());
    }

    /** How many rooms have members: for tests of leaks. */
    int roomCount() {
        return rooms.size();
    }
}
