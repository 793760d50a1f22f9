package dev.wroustr.redis.internal;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the numbering of this node's sessions exact when Redis loses writes: a subscription
 * dropped (publishes lost), or a failover whose promoted replica lacked the last appends
 * (replication is asynchronous). Its jobs, on what {@link SessionOrder} knows:
 *
 * <ul>
 *   <li>a fill: what a lost publish left out is read from the session's log; numbers the log no
 *   longer has while later ones wait are gone from Redis, and skipped;
 *   <li>a repair ({@code repair_session.lua}), after the node heard again, the topology changed or
 *   a session command failed: Redis' count put back to the highest number the node has had, and
 *   every message that took a number the node delivered with another mark appended again;
 *   <li>the same for one session at once when a message comes with a number it delivered and
 *   another mark, and when a resume elsewhere waits for it ({@code !repair U}: the session's
 *   hash keeps its master's replication id, which a failover changes, and a claim waits until the
 *   node holding it repaired it on the new master);
 *   <li>numbers lost: another node was given number N for a message to the session, then lower
 *   ones ({@code given_to_session.lua}, read at the repair): if this node never had it, it is gone.
 * </ul>
 *
 * <p>Until a repair is done, the log is not trimmed on the client's acknowledgements: a message
 * that took a number given twice may be in it, below the client's count. A session whose numbers
 * were lost delivered fewer messages than Redis numbered, so its client's count no longer
 * matches the log: its secret is used up at once ({@code forfeit_session.lua}), and its next resume says so ({@code resumed
 * false #why unknown}). Each repair and loss is logged.
 */
final class SessionRepair {
    private static final Logger log = LoggerFactory.getLogger(SessionRepair.class);
    static final LuaScript REPAIR = LuaScript.named("repair_session");
    static final LuaScript FORFEIT = LuaScript.named("forfeit_session");
    static final LuaScript GIVEN = LuaScript.named("given_to_session");
    private static final long RETRY_MILLIS = 1_000;

    private final Sessions sessions;
    // Set when Redis may have lost writes, cleared when a repair of every session went through.
    private volatile boolean pending;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SessionRepair(Sessions sessions) {
        this.sessions = sessions;
    }

    /** Reads from the log what {@code uuid}'s order has not had, from its next number on. */
    void catchUp(String uuid, SessionOrder order) {
        long from = order.next();
        // What waits now was published after its append, which came after every earlier number's:
        // a read from now on finds those earlier numbers, unless Redis lost them.
        long waitingFrom = order.firstWaiting();
        sessions.redis.xrange(sessions.keys.log(uuid), Range.create(from + "-0", "+"), Limit.from(sessions.maxMessages))
                .whenComplete((entries, failure) -> {
                    if (failure != null) {
                        failed();
                        return;
                    }
                    for (StreamMessage<String, String> entry : entries) {
                        String id = entry.getId();
                        int dash = id.indexOf('-');
                        long seq = Long.parseLong(id.substring(0, dash));
                        int mark = mark(id.substring(dash + 1));
                        String text = entry.getBody().get("t");
                        if (!order.offer(seq, mark, text, sessions.deliverTo(uuid), true)) reused(uuid, order, mark, text);
                    }
                    if (waitingFrom != 0 && entries.size() < sessions.maxMessages) {
                        long gone = order.skipTo(waitingFrom, sessions.deliverTo(uuid));
                        if (gone > 0) lost(uuid, gone);
                    }
                });
    }

    /** A mark as a log id or a publish carries it; 0 (taken for the same message) if it is not one. */
    static int mark(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Redis may have lost writes (a command failed, a subscription dropped): trims wait, and every session is repaired soon. */
    void suspect() {
        pending = true;
        if (scheduled.compareAndSet(false, true) && !sessions.timer.isShutdown()) {
            sessions.timer.schedule(() -> {
                scheduled.set(false);
                repairAll();
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the log may hold a message under a number given twice: acknowledgements trim nothing meanwhile. */
    boolean pending() {
        return pending;
    }

    /** Every session of this node repaired; when all went through, trims go on. */
    void repairAll() {
        pending = true;
        List<CompletableFuture<?>> all = new ArrayList<>();
        sessions.orders.forEach((uuid, order) -> {
            order.failedOver();
            all.add(repair(uuid, order, List.of()));
        });
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            if (failure == null) pending = false;
            else suspect();
        });
    }

    /** A resume waits for {@code uuid}'s session to be repaired after a failover (SessionClaim). */
    void now(String uuid) {
        SessionOrder order = sessions.orders.get(uuid);
        if (order != null) repair(uuid, order, List.of());
    }

    /**
     * A message came with a number {@code uuid}'s session delivered with another mark: Redis
     * numbered it again after a failover. Repaired now, this message with it.
     */
    void reused(String uuid, SessionOrder order, int mark, String text) {
        pending = true;
        repair(uuid, order, List.of(Integer.toString(mark), text)).whenComplete((done, failure) -> {
            if (failure != null) suspect();
        });
    }

    private CompletableFuture<List<Object>> repair(String uuid, SessionOrder order, List<String> heard) {
        SessionOrder.Delivered delivered = order.snapshot();
        List<String> args = new ArrayList<>(List.of(sessions.nodeId, Long.toString(delivered.highest()), Long.toString(delivered.next()),
                Long.toString(delivered.next() - delivered.marks().length), Long.toString(sessions.windowMillis), Integer.toString(delivered.marks().length)));
        for (int mark : delivered.marks()) args.add(Integer.toString(mark));
        args.addAll(heard);
        CompletableFuture<List<Object>> out = REPAIR.run(sessions.link.batch(), ScriptOutputType.MULTI,
                new String[] {sessions.keys.hash(uuid), sessions.keys.log(uuid), sessions.keys.renumbered(uuid)}, args.toArray(String[]::new));
        out.whenComplete((result, failure) -> {
            if (failure != null) {
                sessions.link.failed();
                // The message heard stays unnumbered until a repair goes through: suspect() retries
                // the session's marks, but the text is only here.
                if (!heard.isEmpty()) retry(uuid, heard);
                return;
            }
            repaired(uuid, order, delivered.highest(), result, heard);
        });
        return out;
    }

    private void retry(String uuid, List<String> heard) {
        if (sessions.timer.isShutdown()) return;
        sessions.timer.schedule(() -> {
            SessionOrder order = sessions.orders.get(uuid);
            if (order != null) repair(uuid, order, heard);
            else sessions.append(uuid, heard.get(1));
        }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void repaired(String uuid, SessionOrder order, long highest, List<Object> result, List<String> heard) {
        long behind = (Long) result.get(0);
        if (behind == -1) {
            // Another node resumed the session, and this one did not hear it say so (a claim that
            // took this node for dead while it could not hear): let go now. What this node saw
            // here is stale; the new owner numbers what is sent to the session from the log.
            if (sessions.orders.containsKey(uuid)) sessions.host.release(uuid);
            return;
        }
        if (behind < 0) {
            // Redis lost the session: the message heard is delivered unnumbered (Sessions.append).
            if (!heard.isEmpty()) sessions.append(uuid, heard.get(1));
            return;
        }
        // Another node was given number N-M, then lower ones (given_to_session.lua): if this node
        // never had that message, it is gone from Redis.
        String given = (String) result.get(1);
        int givenDash = given.indexOf('-');
        if (givenDash > 0 && !order.had(Long.parseLong(given.substring(0, givenDash)), mark(given.substring(givenDash + 1)))) lost(uuid, 1);
        if (behind > 0 || result.size() > 2) {
            log.warn("cluster node {}: Redis lost the last numbers of session {} ({} behind, a failover); {} messages that took a number"
                    + " given twice are numbered again after {}", sessions.nodeId, uuid, behind, (result.size() - 2) / 2, highest);
        }
        for (int i = 2; i + 1 < result.size(); i += 2) {
            String id = (String) result.get(i);
            int dash = id.indexOf('-');
            order.offer(Long.parseLong(id.substring(0, dash)), mark(id.substring(dash + 1)), (String) result.get(i + 1), sessions.deliverTo(uuid), false);
        }
    }

    private void failed() {
        sessions.link.failed();
        suspect();
    }

    private void lost(String uuid, long count) {
        // Its secret goes now, not when its socket does: it may be away already, and a resume of it
        // must be told, not replay a log its client's count no longer matches. Its keys stay, so
        // that what is sent to it meanwhile is still numbered and delivered.
        sessions.link.write(FORFEIT.run(sessions.link.batch(), ScriptOutputType.INTEGER, new String[] {sessions.keys.hash(uuid)}, sessions.nodeId));
        log.warn("cluster node {}: {} or more messages to session {} are gone from Redis (a failover lost them, or its log's bound);"
                + " its client goes on, and its next resume starts a new session (resumed false)", sessions.nodeId, count, uuid);
    }
}
