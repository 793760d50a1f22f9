package dev.wroustr.redis.internal;

import dev.wroustr.WroustrException;
import dev.wroustr.internal.resume.HandledWrites;
import dev.wroustr.server.Delivery;
import dev.wroustr.server.SessionStore;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's place in the cluster: the {@link Delivery} the server uses, which reaches this
 * node's connections through the local delivery and the others' through Redis. It wires four
 * parts, one job each: {@link RedisLink} (the connections and how commands are waited on),
 * {@link Locations} (where each uuid lives), {@link Presence} (who is where, tied to the lease)
 * and {@link Subscriptions} (what this node hears), with {@link SubscriptionGaps} (when it could
 * not hear); and, when the server resumes sessions, a fifth, {@link Sessions} (resumable
 * sessions kept in Redis, which a send to a uuid tries first).
 *
 * <p>Local delivery never waits on Redis: the local delivery goes first, and what crosses nodes
 * is published, or written, without waiting.
 */
public final class LettuceNode implements Delivery {
    private static final Logger log = LoggerFactory.getLogger(LettuceNode.class);

    private final Delivery local;
    private final Keys keys;
    private final String nodeId = UUID.randomUUID().toString();
    private final RedisLink redis;
    private final Locations locations;
    private final Presence presence;
    private final Subscriptions subscriptions;
    private final SubscriptionGaps gaps = new SubscriptionGaps(nodeId);
    private final Duration lease;
    private volatile Sessions sessions; // null unless the server resumes sessions on any node

    /**
     * Connects to Redis and joins the cluster.
     *
     * @throws WroustrException if Redis cannot be reached, or refuses what joining takes
     */
    public LettuceNode(String uri, String prefix, Duration lease, Duration timeout, Delivery local) {
        this.local = local;
        this.lease = lease;
        this.redis = new RedisLink(uri, timeout, lease, nodeId);
        this.keys = Keys.of(prefix, redis.sharded());
        this.locations = new Locations(redis, keys, nodeId);
        this.subscriptions = new Subscriptions(redis, keys, nodeId, local, locations);
        this.presence = new Presence(redis, keys, nodeId, lease, local, locations, subscriptions, gaps);
        // A node that cannot hear leaves presence; and what it kept of where uuids live may be
        // stale, as it missed the announcements of those that closed meanwhile.
        redis.watchSubscriber(() -> {
            gaps.dropped();
            locations.forgetAll();
            presence.withdraw();
        }, locations::forgetAll);
        // A failover moved slots: Lettuce does not follow the channels that moved (its shard
        // connections subscribe again only where they were), so this node does.
        redis.connections().watchTopology(() -> subscriptions.resubscribeAll().whenComplete((done, failure) -> {
            if (failure != null) redis.failed();
            caughtUp();
        }));
        // What pub/sub lost while this node could not hear, resume's sessions read from Redis.
        gaps.listen(gap -> caughtUp());
        try {
            subscriptions.start();
            presence.start();
            // A publish waits for room at most two leases: a node that stopped reading for longer
            // has lost its lease, and no longer counts (SubscriberRoom).
            PublishCredit credit = new PublishCredit(new SubscriberRoom(redis, keys)::grant, 2 * lease.toNanos(), timeout.toMillis());
            credit.start();
            redis.bound(credit);
        } catch (RuntimeException e) {
            // Nobody can close a node that did not start: what it opened and wrote goes now.
            close();
            throw e;
        }
        log.info("wroustr cluster node {} on Redis {}", nodeId, redis.address());
    }

    /** This node's id, unique in the cluster. */
    public String nodeId() {
        return nodeId;
    }

    /** Whether the connections to Redis are up now (false while Lettuce reconnects after Redis went away). */
    public boolean isConnected() {
        return redis.isConnected();
    }

    /** How many times Redis dropped a subscriber connection of this node (each one logged). */
    public long subscriptionDrops() {
        return gaps.drops();
    }

    /**
     * Runs {@code listener} each time this node hears every channel again after Redis dropped its
     * subscription, with the gap and the uuids of the local connections then: what was published
     * to them meanwhile never reached them through pub/sub. On the lease's thread, after this
     * node's presence is written again; it must not block for long. Where messages are kept
     * elsewhere (resume's streams), this is where local sessions catch up.
     */
    public void onHeardAgain(Consumer<SubscriptionGaps.Gap> listener) {
        gaps.listen(listener);
    }

    /** How many Redis commands failed (Redis away, a timeout): each one was logged or counted. */
    public long failures() {
        return redis.failures();
    }

    /**
     * Keeps this node's resumable sessions in Redis, so that they resume on any node ({@link Sessions}).
     *
     * @see dev.wroustr.server.Cluster#sessions
     */
    public SessionStore sessions(SessionStore.Host host, Duration window, int maxMessages) {
        Sessions started = new Sessions(redis, keys, nodeId, host, window, maxMessages, this::releasedLocally,
                this::presenceOfResumed, lease.multipliedBy(2));
        started.start(subscriptions::hear);
        sessions = started;
        return started;
    }

    /** Local sessions read what they missed from Redis: every channel is heard (again). */
    private void caughtUp() {
        Sessions kept = sessions;
        if (kept != null) kept.catchUpSoon();
    }

    /**
     * A session resumed here is written to presence again: the node it left may have written it
     * back as its own in the moments before it let it go (its presence repaired after a lost
     * lease), and presence assumes that a uuid never moves.
     */
    private void presenceOfResumed(String uuid) {
        if (!local.isOnline(uuid)) return;
        presence.opened(uuid);
        for (String room : local.rooms()) {
            if (local.members(room).contains(uuid)) presence.joined(uuid, room);
        }
    }

    /** Another node resumed a session of this node's: it leaves this node's rooms and set, not presence, which the other node holds now. */
    private void releasedLocally(String uuid, Set<String> rooms) {
        local.closed(uuid, rooms);
        redis.write(redis.commands().srem(keys.conns(nodeId), uuid));
        if (!rooms.isEmpty()) subscriptions.membersLeft(rooms, lost -> lost.forEach(presence::roomLost));
    }

    // ---- Delivery ----

    @Override
    public boolean sendTo(String uuid, String text) {
        // A session's messages are kept in Redis first: one whose node died is still sent to.
        Sessions kept = sessions;
        if (local.sendTo(uuid, text) || (kept != null && kept.append(uuid, text))) return true;
        // A publish is not ordered with the handled counts of a session whose handler sends it.
        HandledWrites.await();
        return locations.sendTo(uuid, text);
    }

    @Override
    public int broadcast(String text) {
        HandledWrites.await();
        int sent = local.broadcast(text);
        redis.publish(keys.all(), nodeId + ' ' + text);
        return sent;
    }

    @Override
    public int sendToRoom(String room, String text, String except) {
        HandledWrites.await();
        int sent = local.sendToRoom(room, text, except);
        redis.publish(keys.roomChannel(room), nodeId + ' ' + (except == null ? "-" : except) + ' ' + text);
        return sent;
    }

    @Override
    public void opened(String uuid) {
        local.opened(uuid);
        presence.opened(uuid);
    }

    @Override
    public void closed(String uuid, Set<String> rooms) {
        local.closed(uuid, rooms);
        locations.announceGone(uuid);
        presence.closed(uuid);
        if (!rooms.isEmpty()) subscriptions.membersLeft(rooms, lost -> presence.leftAll(uuid, rooms, lost));
    }

    @Override
    public void joined(String uuid, String room) {
        local.joined(uuid, room);
        presence.joined(uuid, room);
        subscriptions.memberJoined(room, () -> presence.roomGained(room));
    }

    @Override
    public void left(String uuid, String room) {
        local.left(uuid, room);
        leftInCluster(uuid, room);
    }

    private void leftInCluster(String uuid, String room) {
        presence.left(uuid, room);
        subscriptions.memberLeft(room, () -> presence.roomLost(room));
    }

    @Override
    public Set<String> connections() {
        return presence.connections();
    }

    @Override
    public boolean isOnline(String uuid) {
        return local.isOnline(uuid) || presence.isOnline(uuid);
    }

    @Override
    public Set<String> rooms() {
        return presence.rooms();
    }

    @Override
    public Set<String> members(String room) {
        return presence.members(room);
    }

    /** Leaves the cluster: this node's presence and lease removed at once, then the connections closed. */
    public void close() {
        Sessions kept = sessions;
        if (kept != null) kept.close();
        presence.close();
        redis.close();
    }
}
