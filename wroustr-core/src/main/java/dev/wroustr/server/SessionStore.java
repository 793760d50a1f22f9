package dev.wroustr.server;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Where a {@link Cluster} keeps resumable sessions (PROTOCOL.md section 11) so that a client
 * resumes on any node, and a node's death loses nothing: what is sent to a session is numbered
 * and kept in the store as it is sent, and the count of the client's messages handled is kept
 * after each one. A server with resume on asks its cluster for one ({@link Cluster#sessions});
 * without one, sessions live in the memory of the node that opened them.
 *
 * <p>A service-provider contract, as {@link Delivery} is: an application chooses a cluster, it
 * does not implement one. Methods are called from handler and network threads; the ones that
 * return a stage never block, and none throws: a store that cannot be reached fails the stage
 * or answers false.
 */
public interface SessionStore {
    /** What the store hands this node: the server implements it. */
    interface Host {
        /**
         * The next message of {@code uuid}'s session, whose socket is on this node: called in
         * the order the store numbered them, each once, never concurrently for one session.
         */
        void deliver(String uuid, String text);

        /** Another node resumed {@code uuid}'s session: this node lets it go, without DISCONNECTED. */
        void release(String uuid);
    }

    /**
     * What a resume found. {@code why} is null when it resumed, else the welcome's {@code why}
     * (section 11) and the rest is empty.
     *
     * @param secret the session's new secret, for the welcome
     * @param handled how many of the client's messages were handled: the welcome's {@code received}
     * @param expiresAtMillis when the session's credentials expire, 0 if never
     * @param missed what the client missed, oldest first, as sent
     */
    record Claim(String why, String uuid, String secret, long handled, long expiresAtMillis, Set<String> rooms, List<String> missed) {
        public static Claim refused(String why) {
            return new Claim(why, null, null, 0, 0, Set.of(), List.of());
        }
    }

    /**
     * A session opens on this node for {@code uuid}. @return its secret, which the welcome gives
     *
     * @param identity the identity the handshake checks attached ({@link HandshakeResult#with}, never
     *     their notes), in the form a resume must match
     * @param expiresAtMillis when its credentials expire, 0 if never
     */
    String open(String uuid, String identity, long expiresAtMillis);

    /**
     * Numbers {@code text} in {@code uuid}'s session and keeps it, then has it delivered by the
     * node that holds the session's socket ({@link Host#deliver}). @return false if there is no
     * such session, as far as this node knows now
     */
    boolean append(String uuid, String text);

    /** The first {@code count} of the client's messages are handled. Completes once the store has it. */
    CompletionStage<?> handled(String uuid, long count);

    /** The client has the first {@code count} messages: the store need not keep them. */
    void acknowledged(String uuid, long count);

    /** The session joined or left a room. */
    void rooms(String uuid, String room, boolean joined);

    /** A refresh (section 12) changed the expiry, and perhaps the identity a resume must match. */
    void refreshed(String uuid, String identity, long expiresAtMillis);

    /** The session's socket went: it waits for a resume, on any node, after what it handled. */
    void away(String uuid);

    /**
     * Resumes the session of {@code secret} on this node, if it can be: the identity must match,
     * the credentials be current, and the store hold every message after {@code received}. The
     * node that held it is told to let it go. The secret is good once.
     */
    CompletionStage<Claim> claim(String secret, String identity, long received);

    /** The resumed session is on this node's socket, its missed messages written: deliveries start. */
    void resumed(String uuid);

    /**
     * The session ended on this node (its window ran out, or it closed). @return true if this node
     * still held it, and the store let go of it; false if another node resumed it meanwhile
     */
    CompletionStage<Boolean> end(String uuid);

    /** This node let the session go (another resumed it): what it kept for it goes, and nothing else. */
    void released(String uuid, Set<String> rooms);
}
