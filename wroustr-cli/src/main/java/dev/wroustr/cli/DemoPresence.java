package dev.wroustr.cli;

import dev.wroustr.Message;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.ServerDispatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Who has joined the demo's chat, under which name. Names are unique: a name someone holds
 * already gets the first free suffix, {@code bob (2)}, {@code bob (3)}, ..., so two users never
 * look alike. A joined user is the member of its name's room ({@link DemoNames}), which a cluster
 * shares: that is how a node finds the names and uuids of every node's users.
 *
 * <p>In a cluster, a name is free when no node's room holds it. Two joins of one name at the same
 * moment on two nodes may both get it (presence reaches Redis a moment after a join); each is
 * still told apart by its uuid.
 */
final class DemoPresence {
    /** The suffixes tried before a name is refused as taken. */
    static final int MAX_SUFFIX = 100;

    // This node's joined users by uuid, and the same sorted by name. Guarded by this.
    private final Map<String, String> names = new HashMap<>();
    private final TreeMap<String, String> byName = new TreeMap<>();
    private final boolean clustered;
    private final OnceASecond<List<Message>> everyNode;

    DemoPresence(boolean clustered, Supplier<RunningServer> running) {
        this.clustered = clustered;
        this.everyNode = new OnceASecond<>(() -> readEveryNode(running.get()));
    }

    /** The outcome of a join: the name given (maybe with a suffix), or why there is none. */
    record Joined(String name, String error) {}

    /**
     * Gives the connection of {@code dispatcher} the name {@code requested}, or the first free
     * one with a suffix, and puts it in that name's room (out of its old name's, if it had one).
     */
    synchronized Joined join(String requested, ServerDispatcher dispatcher) {
        if (DemoNames.room(requested) == null) {
            return new Joined(null, "name too long: at most " + DemoNames.MAX_BYTES + " bytes of UTF-8");
        }
        String uuid = dispatcher.uuid();
        String name = null;
        for (int n = 1; n <= MAX_SUFFIX && name == null; n++) {
            String candidate = n == 1 ? requested : requested + " (" + n + ")";
            String room = DemoNames.room(candidate);
            if (room == null) break;
            if (isFree(candidate, room, uuid, dispatcher)) name = candidate;
        }
        if (name == null) return new Joined(null, "name taken: " + requested);
        String before = names.put(uuid, name);
        if (before != null) {
            byName.remove(before);
            dispatcher.leave(DemoNames.room(before));
        }
        byName.put(name, uuid);
        // Joined while holding the lock, so the next join on this node sees the room taken.
        dispatcher.join(DemoNames.room(name));
        return new Joined(name, null);
    }

    private boolean isFree(String name, String room, String uuid, ServerDispatcher dispatcher) {
        String holder = byName.get(name);
        if (holder != null) return holder.equals(uuid);
        if (!clustered) return true;
        Set<String> members = dispatcher.toRoom(room).members();
        return members.isEmpty() || members.equals(Set.of(uuid));
    }

    /** The name of {@code uuid}, a connection of this node, or null if it has not joined. */
    synchronized String nameOf(String uuid) {
        return names.get(uuid);
    }

    /** Forgets the connection {@code uuid}, gone: its name (returned, or null if it had none) is free again. */
    synchronized String leave(String uuid) {
        String name = names.remove(uuid);
        if (name != null) byName.remove(name);
        return name;
    }

    /**
     * {@code @WHO}'s answer: {@code @USER #uuid U #name N} for each of the first
     * {@value DemoServer#MAX_LISTED} users by name, then {@code @USERS #count C #names 'a, b'}
     * (and {@code #truncated true} when there were more). In a cluster, of every node, read from
     * Redis at most once a second.
     */
    List<Message> who() {
        if (clustered) return everyNode.get();
        synchronized (this) {
            return answer(byName, names.size());
        }
    }

    /** Every node's users, from the name rooms: a read of every room, so done at most once a second. */
    private static List<Message> readEveryNode(RunningServer running) {
        TreeMap<String, String> joined = new TreeMap<>();
        int count = 0;
        for (String room : running.rooms()) {
            String name = DemoNames.name(room);
            if (name == null) continue;
            for (String uuid : running.toRoom(room).members()) {
                // Two nodes that gave one name at once: both listed, the second by its uuid too.
                joined.put(joined.containsKey(name) ? name + " " + uuid : name, uuid);
                count++;
            }
        }
        return answer(joined, count);
    }

    private static List<Message> answer(TreeMap<String, String> byName, int count) {
        List<Message> answer = new ArrayList<>();
        StringJoiner listed = new StringJoiner(", ");
        for (Map.Entry<String, String> user : byName.entrySet()) {
            if (answer.size() == DemoServer.MAX_LISTED) break;
            answer.add(Message.route("@USER").param("uuid", user.getValue()).param("name", user.getKey()));
            listed.add(user.getKey());
        }
        Message users = Message.route("@USERS").param("count", count).param("names", listed.toString());
        answer.add(byName.size() > DemoServer.MAX_LISTED ? users.param("truncated", true) : users);
        return List.copyOf(answer);
    }
}
