package dev.wroustr.redis.internal;

import dev.wroustr.internal.resume.Resume;
import dev.wroustr.server.SessionStore;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.util.internal.ThreadExecutorMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Resumable sessions in Redis ({@link SessionStore}), so that a client resumes on any node and
 * a node's death loses nothing sent to it: each message to a session is numbered and kept in its
 * log by one script ({@code append_to_session.lua}) before the node that holds its socket is told
 * ({@code P:sto:N}); that node delivers in number order ({@link SessionOrder}), and reads the log
 * for what a lost publish left out. Each atomic job is one script on one session's keys
 * ({@link SessionKeys}). On one Redis the append script tells the owner itself, in the same round
 * trip; on a Redis Cluster the owner's channel is on another shard, and this node publishes.
 */
final class Sessions implements SessionStore {
    private static final LuaScript OPEN = LuaScript.named("open_session");
    private static final LuaScript APPEND = LuaScript.named("append_to_session");
    private static final LuaScript AWAY = LuaScript.named("away_session");
    static final LuaScript CLAIM = LuaScript.named("claim_session");
    private static final LuaScript END = LuaScript.named("end_session");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Characters of a secret's lookup id (12 random bytes); the nonce (18 random bytes) follows. */
    private static final int LOOKUP_CHARS = 16;
    private static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    // How long a resume waits for a node that heard it should let the session go (it finishes
    // the message it is handling first); past it, the node is taken for dead.
    static final long CLAIM_WAIT_MILLIS = 5_000;
    private static final int MAX_KNOWN = 100_000;

    final RedisLink link;
    final RedisClusterAsyncCommands<String, String> redis;
    final SessionKeys keys;
    private final String goneChannel;
    final String nodeId;
    final Host host;
    final long windowMillis;
    final int maxMessages;
    private final BiConsumer<String, Set<String>> releasedLocally;
    private final Consumer<String> presenceOfResumed;
    private final long reassertMillis;
    // The prefix of the nodes' channels, for the append script to publish to on one Redis; on a
    // Redis Cluster ("") the owner's channel is on another shard than the session's keys.
    private final String publishFromScript;
    // The append's arguments that never change, made once rather than with every message.
    private final String maxMessagesText;
    private final String windowText;
    // A handled count's key lives as long as the session's others (touchAll renews it too).
    private final SetArgs handledExpiry;
    // The sessions whose socket is on this node (or that wait here, away), by uuid.
    final Map<String, SessionOrder> orders = new ConcurrentHashMap<>();
    final Map<String, String> lookupIds = new ConcurrentHashMap<>();
    // Uuids of other nodes known to be sessions, with the last number Redis gave a message this
    // node sent to each: a send to one need not wait for the script's answer, and a number not
    // above the last one means Redis failed over and lost what this node sent (SessionRepair#given).
    private final Map<String, Given> known = new ConcurrentHashMap<>();

    /** The last number Redis gave a message this node sent to a session, and that message's mark. */
    private record Given(long seq, int mark) {}
    // An append failed (Redis away, a failover): sends to other nodes' sessions wait for Redis'
    // answer, and say false instead of true for a message that goes nowhere, until one goes through;
    // as they do while a connection is down, and for two leases after the publishing one is back.
    private volatile boolean failing;
    // Sessions of this node that a message reached unnumbered: they cannot resume.
    private final Set<String> unresumable = ConcurrentHashMap.newKeySet();
    final SessionRepair repair = new SessionRepair(this);
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "wroustr-redis-sessions");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param releasedLocally what this node does when another resumed one of its sessions: its
     *     local rooms and subscriptions left, presence in Redis untouched (the new node has it)
     * @param presenceOfResumed writes a session resumed here to presence again, {@code reassertAfter} after the resume
     */
    Sessions(RedisLink link, Keys clusterKeys, String nodeId, Host host, Duration window, int maxMessages,
             BiConsumer<String, Set<String>> releasedLocally, Consumer<String> presenceOfResumed, Duration reassertAfter) {
        this.link = link;
        this.redis = link.commands();
        this.keys = new SessionKeys(clusterKeys.prefix());
        this.goneChannel = clusterKeys.gone();
        this.nodeId = nodeId;
        this.host = host;
        this.windowMillis = window.toMillis();
        this.maxMessages = maxMessages;
        this.releasedLocally = releasedLocally;
        this.presenceOfResumed = presenceOfResumed;
        this.reassertMillis = reassertAfter.toMillis();
        this.publishFromScript = link.sharded() ? "" : keys.toNode("");
        this.maxMessagesText = Integer.toString(maxMessages);
        this.windowText = Long.toString(windowMillis);
        this.handledExpiry = SetArgs.Builder.px(windowMillis);
    }

    /**
     * Subscribes this node's session channel through {@code hear} (which keeps it subscribed
     * after a drop or a change of topology, with the node's other channels); fills gaps and keeps
     * its sessions' keys alive from now on.
     */
    void start(Function<String, CompletionStage<Void>> hear) {
        // Loaded before the first call: a script Redis does not know is sent again after a failed
        // call, behind the commands that followed it, and appends would lose their order.
        for (LuaScript script : scripts()) link.await(script.load(redis));
        link.connections().listen((channel, message) -> {
            if (channel.equals(goneChannel)) {
                known.remove(message);
            } else if (channel.equals(keys.toNode(nodeId))) {
                heard(message);
            }
        });
        link.await(hear.apply(keys.toNode(nodeId)));
        // What was published while the subscription was down is read from the logs, once the
        // channel is heard again (LettuceNode also catches up once every channel is confirmed).
        link.watchSubscriber(repair::suspect, this::catchUpSoon);
        timer.scheduleWithFixedDelay(this::fillGaps, 100, 100, TimeUnit.MILLISECONDS);
        long touch = Math.max(100, windowMillis / 3);
        timer.scheduleWithFixedDelay(this::touchAll, touch, touch, TimeUnit.MILLISECONDS);
    }

    private static List<LuaScript> scripts() {
        return List.of(OPEN, APPEND, AWAY, CLAIM, END, SessionRepair.REPAIR, SessionRepair.FORFEIT, SessionRepair.GIVEN);
    }

    void close() {
        timer.shutdownNow();
    }

    // ---- SessionStore ----

    @Override
    public String open(String uuid, String identity, long expiresAtMillis) {
        String lid = random(12);
        String nonce = random(18);
        orders.put(uuid, new SessionOrder(1, true));
        lookupIds.put(uuid, lid);
        link.write(OPEN.run(link.batch(), ScriptOutputType.INTEGER, keys.all(uuid), lid, sha256(nonce), nodeId, identity,
                Long.toString(expiresAtMillis), Long.toString(windowMillis)));
        link.write(redis.set(keys.lookup(lid), uuid, SetArgs.Builder.px(windowMillis)));
        return lid + nonce;
    }

    @Override
    public boolean append(String uuid, String text) {
        if (uuid == null) return false;
        // What the script may publish to the session's node counts against the flood bound.
        // (The owner's channel is as long as this node's: node ids are uuids.)
        if (!publishFromScript.isEmpty()) link.publishedByScript(publishFromScript.length() + nodeId.length() + uuid.length() + 1 + text.length());
        // Tells this message from another that a failover may give its number (SessionRepair).
        int mark = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        CompletableFuture<List<Object>> appended = APPEND.run(link.batch(), ScriptOutputType.MULTI, new String[] {keys.hash(uuid), keys.log(uuid)},
                text, maxMessagesText, windowText, Integer.toString(mark), uuid, nodeId, publishFromScript);
        if (orders.containsKey(uuid) || !failing && known.containsKey(uuid) && link.isConnected() && !link.unsettled()) {
            appended.whenComplete((result, failure) -> {
                if (failure != null) {
                    failing = true;
                    link.failed();
                    repair.suspect();
                }
                if (numbered(result)) {
                    appended(uuid, result, text, mark);
                } else if (orders.containsKey(uuid)) {
                    unnumbered(uuid, text);
                } else {
                    known.remove(uuid);
                }
            });
            return true;
        }
        // A network thread must not wait: a session it has not sent to yet goes the other way
        // (its node's channel), and is appended there.
        if (ThreadExecutorMap.currentExecutor() != null) return false;
        List<Object> result = link.query(appended);
        if (result != null) failing = false;
        if (!numbered(result)) return false;
        if (known.size() >= MAX_KNOWN) known.clear();
        appended(uuid, result, text, mark);
        return true;
    }

    /** Whether the script numbered the message: Lettuce gives a script's nil as an empty list. */
    private static boolean numbered(List<Object> result) {
        return result != null && result.size() == 3;
    }

    /**
     * A message to a session of this node that Redis did not number (Redis away, or it lost the
     * session's keys): delivered all the same, the socket being here, but the client's count now
     * differs from the log's, so the session can no longer resume: its keys go when its socket does.
     */
    private void unnumbered(String uuid, String text) {
        unresumable.add(uuid);
        host.deliver(uuid, text);
    }

    /** Tells the node holding the session about message {@code seq}: itself directly, another through its channel (unless the script did). */
    private void appended(String uuid, List<Object> result, String text, int mark) {
        long seq = (Long) result.get(0);
        String owner = (String) result.get(1);
        boolean here = nodeId.equals(owner);
        if (here) offer(uuid, seq, mark, text);
        else if ((Long) result.get(2) == 0) link.publish(keys.toNode(owner), uuid + ' ' + seq + '-' + mark + ' ' + text);
        // A session resumed here from another node: the last number given while it was there counts.
        Given last = here ? known.remove(uuid) : known.get(uuid);
        if (last == null || seq > last.seq()) {
            if (!here) known.put(uuid, new Given(seq, mark));
            return;
        }
        // Said with every message until the numbers pass the last one again: the session's node
        // may not hear yet (a failover), and a publish to nobody is gone.
        // Kept in Redis, as the session's node may not hear yet (a failover), and asked to repair.
        link.write(SessionRepair.GIVEN.run(link.batch(), ScriptOutputType.INTEGER, new String[] {keys.hash(uuid)}, last.seq() + "-" + last.mark()));
        if (here) repair.now(uuid);
        else link.publish(keys.toNode(owner), "!repair " + uuid);
    }

    private void offer(String uuid, long seq, int mark, String text) {
        SessionOrder order = orders.get(uuid);
        if (order != null && !order.offer(seq, mark, text, deliverTo(uuid), false)) repair.reused(uuid, order, mark, text);
    }

    Consumer<String> deliverTo(String uuid) {
        return message -> host.deliver(uuid, message);
    }

    private void heard(String message) {
        if (message.startsWith("!repair ")) {
            // A resume elsewhere waits for this node to repair the session after a failover.
            repair.now(message.substring("!repair ".length()));
            return;
        }
        if (message.startsWith("!release ")) {
            // A session this node no longer has is being let go already: that marks it away once
            // its handlers are done, and no sooner, or another node would handle its messages again.
            String uuid = message.substring("!release ".length());
            if (orders.containsKey(uuid)) host.release(uuid);
            return;
        }
        int space = message.indexOf(' ');
        int second = message.indexOf(' ', space + 1);
        if (space < 0 || second < 0) return;
        // SEQ-MARK; a node of an earlier release sends SEQ alone (mark 0: taken for the same message).
        int dash = message.indexOf('-', space + 1);
        if (dash < 0 || dash > second) dash = second;
        try {
            offer(message.substring(0, space), Long.parseLong(message.substring(space + 1, dash)),
                    dash == second ? 0 : SessionRepair.mark(message.substring(dash + 1, second)), message.substring(second + 1));
        } catch (NumberFormatException e) {
            // Not a message of this module's.
        }
    }

    @Override
    public CompletionStage<?> handled(String uuid, long count) {
        // Down the publisher's connection, after what the handler sent: see HandledWrites.
        String key = keys.handled(uuid, nodeId);
        String value = Long.toString(count);
        return link.batch().send(redis -> redis.set(key, value, handledExpiry))
                .whenComplete((result, failure) -> { if (failure != null) link.failed(); });
    }

    @Override
    public void acknowledged(String uuid, long count) {
        // The log may hold a message under a number given twice, below the count, until a repair moves it.
        if (repair.pending()) return;
        link.write(redis.xtrim(keys.log(uuid), XTrimArgs.Builder.minId((count + 1) + "-0").approximateTrimming()));
    }

    @Override
    public void rooms(String uuid, String room, boolean joined) {
        link.write(joined ? redis.sadd(keys.rooms(uuid), room) : redis.srem(keys.rooms(uuid), room));
        if (joined) link.write(redis.pexpire(keys.rooms(uuid), windowMillis));
    }

    @Override
    public void refreshed(String uuid, String identity, long expiresAtMillis) {
        link.write(redis.hset(keys.hash(uuid), Map.of("identity", identity, "expires", Long.toString(expiresAtMillis))));
    }

    @Override
    public void away(String uuid) {
        if (unresumable.remove(uuid)) {
            // A resume must not replay a log the client's count no longer matches: it is told unknown.
            link.write(END.run(link.batch(), ScriptOutputType.VALUE, keys.all(uuid), nodeId));
            return;
        }
        link.write(AWAY.run(link.batch(), ScriptOutputType.INTEGER, new String[] {keys.hash(uuid)}, nodeId));
    }

    @Override
    public CompletionStage<Claim> claim(String secret, String identity, long received) {
        if (secret.length() <= LOOKUP_CHARS) return CompletableFuture.completedFuture(Claim.refused(Resume.UNKNOWN));
        String lid = secret.substring(0, LOOKUP_CHARS);
        String nonceHash = sha256(secret.substring(LOOKUP_CHARS));
        CompletableFuture<Claim> claim = new CompletableFuture<>();
        new SessionClaim(this, lid, nonceHash, identity, received, claim).lookUp();
        return claim;
    }

    @Override
    public void resumed(String uuid) {
        SessionOrder order = orders.get(uuid);
        if (order == null) return;
        order.activate(deliverTo(uuid));
        // A publish may have come before the order was in place.
        repair.catchUp(uuid, order);
        timer.schedule(() -> presenceOfResumed.accept(uuid), reassertMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<Boolean> end(String uuid) {
        orders.remove(uuid);
        lookupIds.remove(uuid);
        unresumable.remove(uuid);
        return END.<String>run(link.batch(), ScriptOutputType.VALUE, keys.all(uuid), nodeId).thenApply(lid -> {
            if (lid == null) return false;
            // Gone from Redis already (its keys expired, or Redis lost them): still this node's to end.
            if (!lid.isEmpty()) link.write(redis.del(keys.lookup(lid)));
            return true;
        });
    }

    @Override
    public void released(String uuid, Set<String> rooms) {
        orders.remove(uuid);
        lookupIds.remove(uuid);
        releasedLocally.accept(uuid, rooms);
    }

    // ---- upkeep, on the timer's thread ----

    /**
     * Catches up every session shortly: once a channel heard again has delivered what was queued
     * for it. Redis may have failed over meanwhile: its scripts are loaded again, and each
     * session's count repaired first ({@link SessionRepair}).
     */
    void catchUpSoon() {
        timer.schedule(() -> {
            for (LuaScript script : scripts()) link.write(script.load(redis));
            repair.repairAll();
            catchUpAll();
        }, 300, TimeUnit.MILLISECONDS);
    }

    /** Reads from the log what every session of this node has not had: the subscription dropped, and publishes were lost. */
    void catchUpAll() {
        orders.forEach(repair::catchUp);
    }

    private void fillGaps() {
        orders.forEach((uuid, order) -> {
            if (order.gapOlderThan(GAP_NANOS)) repair.catchUp(uuid, order);
        });
    }

    /** Keeps the keys of this node's sessions for another window: they expire a window after this node stops. */
    private void touchAll() {
        lookupIds.forEach((uuid, lid) -> {
            for (String key : keys.all(uuid)) link.write(redis.pexpire(key, windowMillis));
            link.write(redis.pexpire(keys.handled(uuid, nodeId), windowMillis));
            link.write(redis.pexpire(keys.lookup(lid), windowMillis));
        });
    }

    static String random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
