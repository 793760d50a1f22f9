package dev.wroustr.redis.internal;

import dev.wroustr.internal.resume.Resume;
import dev.wroustr.server.SessionStore.Claim;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One resume's attempts ({@code claim_session.lua}): while the node holding the session has it
 * live, that node is told to let it go (it finishes the message it is handling, then marks the
 * session away) and the claim is tried again; a node that hears nothing (no subscriber: it died),
 * or that has not let go within {@value Sessions#CLAIM_WAIT_MILLIS} ms, is taken for dead. Redis
 * failing meanwhile (a failover) is tried again until then, so that a resume in the moments after a
 * failover resumes, instead of being told its session is unknown.
 */
final class SessionClaim {
    private final Sessions sessions;
    private String uuid;
    private final String lid;
    private final String nonceHash;
    private final String identity;
    private final long received;
    private final CompletableFuture<Claim> claim;
    private final long started = System.nanoTime();
    private final long deadline = started + TimeUnit.MILLISECONDS.toNanos(Sessions.CLAIM_WAIT_MILLIS);
    // A node that must repair the session after a failover may itself be following it (its
    // subscription, the topology) for a few seconds more.
    private final long staleDeadline = started + 2 * TimeUnit.MILLISECONDS.toNanos(Sessions.CLAIM_WAIT_MILLIS);
    private boolean asked;

    SessionClaim(Sessions sessions, String lid, String nonceHash, String identity, long received, CompletableFuture<Claim> claim) {
        this.sessions = sessions;
        this.lid = lid;
        this.nonceHash = nonceHash;
        this.identity = identity;
        this.received = received;
        this.claim = claim;
    }

    /** Finds the session of the secret's lookup id, then claims it. */
    void lookUp() {
        sessions.redis.get(sessions.keys.lookup(lid)).whenComplete((found, failure) -> {
            if (failure != null) {
                failed(failure, this::lookUp);
            } else if (found == null) {
                claim.complete(Claim.refused(Resume.UNKNOWN));
            } else {
                uuid = found;
                attempt(false);
            }
        });
    }

    /** Redis did not answer: tried again shortly, until the deadline. */
    private void failed(Throwable failure, Runnable again) {
        sessions.link.failed();
        if (System.nanoTime() > deadline || sessions.timer.isShutdown()) claim.completeExceptionally(failure);
        else sessions.timer.schedule(again, 100, TimeUnit.MILLISECONDS);
    }

    void attempt(boolean force) {
        String nonce = Sessions.random(18);
        Sessions.CLAIM.<List<Object>>run(sessions.link.batch(), ScriptOutputType.MULTI, sessions.keys.all(uuid), nonceHash, identity, Long.toString(received),
                Sessions.sha256(nonce), sessions.nodeId, force ? "1" : "0", Long.toString(System.currentTimeMillis()), Integer.toString(sessions.maxMessages))
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        failed(failure, () -> attempt(force));
                    } else {
                        answered(result, nonce);
                    }
                });
    }

    private void answered(List<Object> result, String nonce) {
        String status = (String) result.get(0);
        if (status.equals("busy")) {
            busy((String) result.get(1));
            return;
        }
        if (status.equals("stale")) {
            stale((String) result.get(1));
            return;
        }
        if (!status.equals("ok")) {
            claim.complete(Claim.refused(status));
            return;
        }
        long handled = Long.parseLong((String) result.get(1));
        long expires = Long.parseLong((String) result.get(2));
        long seq = Long.parseLong((String) result.get(3));
        int roomCount = Integer.parseInt((String) result.get(4));
        Set<String> rooms = new LinkedHashSet<>();
        for (int i = 5; i < 5 + roomCount; i++) rooms.add((String) result.get(i));
        List<String> missed = new ArrayList<>();
        for (int i = 5 + roomCount; i < result.size(); i++) missed.add((String) result.get(i));
        // What is appended from now on comes here; it waits until the socket has what was missed.
        sessions.orders.put(uuid, new SessionOrder(seq + 1, false));
        sessions.lookupIds.put(uuid, lid);
        sessions.link.write(sessions.redis.pexpire(sessions.keys.lookup(lid), sessions.windowMillis));
        claim.complete(new Claim(null, uuid, lid + nonce, handled, expires, rooms, missed));
    }

    /**
     * A failover since the node that holds the session last repaired it: that node, which knows
     * what it delivered, is asked to repair it, then the claim is tried again. Past twice the deadline
     * (that node is gone, or cannot hear), nobody can tell what the promoted replica lacks: the
     * client is told its session is unknown, rather than resumed short.
     */
    private void stale(String owner) {
        if (System.nanoTime() > staleDeadline) {
            claim.complete(Claim.refused(Resume.UNKNOWN));
            return;
        }
        if (sessions.nodeId.equals(owner)) sessions.repair.now(uuid);
        else sessions.link.publish(sessions.keys.toNode(owner), "!repair " + uuid);
        sessions.timer.schedule(() -> attempt(false), 100, TimeUnit.MILLISECONDS);
    }

    /** The node that holds the session has it live: told to let it go, then asked again; a node that hears nothing is gone. */
    private void busy(String owner) {
        if (System.nanoTime() > deadline) {
            attempt(true);
            return;
        }
        if (!asked) {
            asked = true;
            if (sessions.nodeId.equals(owner)) {
                sessions.host.release(uuid);
            } else {
                sessions.link.publishCounted(sessions.keys.toNode(owner), "!release " + uuid).whenComplete((heard, failure) -> {
                    if (heard == null || heard == 0) attempt(true);
                    else sessions.timer.schedule(() -> attempt(false), 10, TimeUnit.MILLISECONDS);
                });
                return;
            }
        }
        sessions.timer.schedule(() -> attempt(false), 10, TimeUnit.MILLISECONDS);
    }
}
