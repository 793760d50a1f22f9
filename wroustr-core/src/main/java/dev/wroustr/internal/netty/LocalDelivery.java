package dev.wroustr.internal.netty;

import dev.wroustr.internal.Delivery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Collection;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Delivery to the connections of this server, by uuid. */
final class LocalDelivery implements Delivery {
    private final ConcurrentHashMap<String, ChannelDispatcher<?>> connections = new ConcurrentHashMap<>();
    private final boolean perConnectionText;

    /** @param perConnectionText outgoing interceptors must see each copy, so a broadcast cannot share one frame */
    LocalDelivery(boolean perConnectionText) {
        this.perConnectionText = perConnectionText;
    }

    void add(ChannelDispatcher<?> connection) {
        connections.put(connection.uuid(), connection);
    }

    void remove(ChannelDispatcher<?> connection) {
        connections.remove(connection.uuid(), connection);
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
        int sent = 0;
        if (perConnectionText) {
            for (ChannelDispatcher<?> connection : connections.values()) {
                if (connection.send(text)) sent++;
            }
            return sent;
        }
        // Framed once; every connection writes a view of the same bytes.
        ByteBuf frame = TextFrames.serverFrame(ByteBufAllocator.DEFAULT, text.getBytes(StandardCharsets.UTF_8));
        try {
            for (ChannelDispatcher<?> connection : connections.values()) {
                if (connection.writeShared(frame)) sent++;
            }
        } finally {
            frame.release();
        }
        return sent;
    }

    @Override
    public Set<String> connections() {
        return Set.copyOf(connections.keySet());
    }
}
