package dev.wroustr.redis.internal;

import dev.wroustr.server.Delivery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * What this node hears: its own channel (sends to its uuids), the broadcast channel, the gone
 * channels (of uuids and of nodes), and the channel of each room it has members in; and what it does with what arrives
 * on them, on the subscriber connection's thread.
 */
final class Subscriptions {
    private final Connections subscriber;
    private final RedisLink redis;
    private final Keys keys;
    private final String nodeId;
    private final Delivery local;
    private final Locations locations;
    // How many local members each room has, as far as subscriptions go: the room's channel is
    // subscribed from the first member to the last.
    private final Map<String, Integer> localRooms = new ConcurrentHashMap<>();
    // Rooms whose subscribe failed (the subscriber connection was down): Lettuce subscribes again,
    // after a reconnect, only the channels Redis confirmed, so these are never heard unless
    // subscribed again.
    private final Set<String> unheardRooms = ConcurrentHashMap.newKeySet();
    // Channels other parts of the node hear through this one (resume's sessions channel): kept
    // subscribed, after a drop or a change of topology, with this node's own.
    private final Set<String> alsoHeard = ConcurrentHashMap.newKeySet();
    // Joins and leaves of one room each hold the read lock (they order among themselves inside
    // compute); the leaves of a closed connection, which change many rooms, the write lock.
    private final ReadWriteLock rooms = new ReentrantReadWriteLock();

    Subscriptions(RedisLink redis, Keys keys, String nodeId, Delivery local, Locations locations) {
        this.subscriber = redis.connections();
        this.redis = redis;
        this.keys = keys;
        this.nodeId = nodeId;
        this.local = local;
        this.locations = locations;
    }

    /** Subscribes this node's channel, the broadcast channel and the gone channels, and waits for Redis to confirm. */
    void start() {
        subscriber.listen(this::received);
        redis.await(subscriber.subscribe(baseChannels()));
    }

    /** Subscribes {@code channel} too, from now on kept subscribed as this node's own channels are. */
    CompletionStage<Void> hear(String channel) {
        alsoHeard.add(channel);
        return subscriber.subscribe(channel);
    }

    private String[] baseChannels() {
        List<String> channels = new ArrayList<>(keys.toNode(nodeId));
        channels.addAll(List.of(keys.all(), keys.gone(), keys.nodeGone()));
        channels.addAll(alsoHeard);
        return channels.toArray(String[]::new);
    }

    /**
     * Makes sure this node hears every channel it should, after a drop or a change of topology,
     * and tells whether it does (the lease's thread, which may wait). On one Redis, Lettuce
     * subscribed again what Redis had confirmed, and only the rooms whose subscribe failed are
     * left; on a Redis Cluster, a channel whose slot moved to another master (a failover) is
     * heard only once subscribed there, so every channel is subscribed again, and each must be
     * confirmed.
     */
    boolean heal() {
        if (subscriber.restoresSubscriptions()) {
            resubscribeUnheardRooms();
        } else {
            try {
                resubscribeAll().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                redis.failed();
                return false;
            }
        }
        return redis.subscribers(keys.toNode(nodeId).get(0)) > 0;
    }

    /**
     * Subscribes again every channel this node should hear, without waiting: on a Redis Cluster
     * when the topology changed, since Lettuce does not follow a channel whose slot moved.
     * Subscribing a channel heard already changes nothing.
     */
    CompletionStage<Void> resubscribeAll() {
        List<String> channels = new ArrayList<>(List.of(baseChannels()));
        for (String room : localRooms.keySet()) channels.add(keys.roomChannel(room));
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (List<String> chunk : Chunks.of(channels)) all.add(subscriber.subscribe(chunk.toArray(String[]::new)).toCompletableFuture());
        return CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new));
    }

    /** A local connection joined {@code room}: for its first member, {@code first} runs and the room's channel is subscribed. */
    void memberJoined(String room, Runnable first) {
        rooms.readLock().lock();
        try {
            localRooms.compute(room, (name, count) -> {
                if (count == null) {
                    first.run();
                    subscribe(room);
                    return 1;
                }
                return count + 1;
            });
        } finally {
            rooms.readLock().unlock();
        }
    }

    private void subscribe(String room) {
        redis.write(subscriber.subscribe(keys.roomChannel(room)).whenComplete((count, failure) -> {
            if (failure != null) unheardRooms.add(room);
        }));
    }

    /** Subscribes again the rooms whose subscribe failed and that still have local members: once this node hears its channel again. */
    private void resubscribeUnheardRooms() {
        for (String room : unheardRooms) {
            unheardRooms.remove(room);
            // Inside compute, in order with the joins and leaves of the room.
            localRooms.computeIfPresent(room, (name, count) -> {
                subscribe(room);
                return count;
            });
        }
    }

    /** A local connection left {@code room}: after its last member, {@code last} runs and the room's channel is unsubscribed. */
    void memberLeft(String room, Runnable last) {
        rooms.readLock().lock();
        try {
            // Inside compute, so a join racing the last leave subscribes after the unsubscribe, in order.
            localRooms.computeIfPresent(room, (name, count) -> {
                if (count > 1) return count - 1;
                last.run();
                redis.write(subscriber.unsubscribe(keys.roomChannel(room)));
                return null;
            });
        } finally {
            rooms.readLock().unlock();
        }
    }

    /**
     * A local connection left every room in {@code left} (it closed): {@code last} gets the rooms
     * it was this node's last member of, and their channels are unsubscribed, a thousand a
     * command. No join runs meanwhile, so one racing the leaves finds the room gone and subscribes
     * after the unsubscribe, in order, as {@link #memberLeft} does.
     */
    void membersLeft(Collection<String> left, Consumer<Set<String>> last) {
        rooms.writeLock().lock();
        try {
            Set<String> lost = new HashSet<>();
            for (String room : left) {
                localRooms.computeIfPresent(room, (name, count) -> {
                    if (count > 1) return count - 1;
                    lost.add(room);
                    return null;
                });
            }
            last.accept(lost);
            List<String> channels = new ArrayList<>(lost.size());
            for (String room : lost) channels.add(keys.roomChannel(room));
            for (List<String> chunk : Chunks.of(channels)) redis.write(subscriber.unsubscribe(chunk.toArray(String[]::new)));
        } finally {
            rooms.writeLock().unlock();
        }
    }

    private void received(String channel, String message) {
        if (channel.equals(keys.gone())) {
            locations.forget(message);
            return;
        }
        if (channel.equals(keys.nodeGone())) {
            locations.forgetNode(message);
            return;
        }
        int space = message.indexOf(' ');
        if (space < 0) return;
        String head = message.substring(0, space);
        if (keys.isToNode(channel, nodeId)) {
            // Sent here for a uuid this node no longer holds: the sender kept where it lived past
            // its close (the announcement came before its lookup's answer, or while its
            // subscription was down). Announcing it again makes every node forget it.
            if (!local.sendTo(head, message.substring(space + 1)) && !local.isOnline(head)) locations.announceGone(head);
            return;
        }
        // A broadcast or a room send of this node reached its own connections already.
        if (head.equals(nodeId)) return;
        if (channel.equals(keys.all())) {
            local.broadcast(message.substring(space + 1));
            return;
        }
        String room = keys.roomOfChannel(channel);
        int second = message.indexOf(' ', space + 1);
        if (room == null || second < 0) return;
        String except = message.substring(space + 1, second);
        local.sendToRoom(room, message.substring(second + 1), except.equals("-") ? null : except);
    }
}
