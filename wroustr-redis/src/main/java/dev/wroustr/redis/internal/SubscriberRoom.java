package dev.wroustr.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many more bytes this node may publish, as Redis says: its share of the room the fullest
 * subscriber of the cluster has left under half of Redis' {@code client-output-buffer-limit
 * pubsub}, the smaller of its hard and soft limits ({@link PublishCredit} spends it).
 *
 * <p>Redis tells each subscriber's output buffer in {@code CLIENT LIST TYPE pubsub} ({@code omem}),
 * asked on the publishing connection, after the publishes before it; each node names its
 * connections {@code wroustr-NODE}, and only the subscribers of nodes in this cluster's presence
 * count: a node that stopped renewing its lease (frozen, or gone) is left to Redis' limit, so
 * that it cannot hold up the others for longer than a lease. The room is shared by every node
 * of the cluster, each taking its part: together they never publish more than half the limit
 * that a subscriber has not read, and what one grant may miss (another node's grant given from
 * the same reading) is at most as much again.
 */
final class SubscriberRoom {
    private static final Logger log = LoggerFactory.getLogger(SubscriberRoom.class);
    static final String CLIENT_NAME = "wroustr-";
    // Redis' default: client-output-buffer-limit pubsub 32mb 8mb 60.
    private static final long DEFAULT_HARD = 32L << 20, DEFAULT_SOFT = 8L << 20;
    private static final long READ_LIMITS_EVERY = TimeUnit.SECONDS.toNanos(10);

    private final RedisLink redis;
    private final Keys keys;
    private volatile long safe = Math.min(DEFAULT_HARD, DEFAULT_SOFT) / 2;
    private volatile long limitsRead = System.nanoTime() - READ_LIMITS_EVERY;

    SubscriberRoom(RedisLink redis, Keys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * What this node may publish beyond what it published before asking: {@code bytes} now, and
     * {@code whole} were every subscriber empty; {@code bytes} is {@code Long.MAX_VALUE} when Redis will not say.
     */
    record Grant(long bytes, long whole) {}

    CompletionStage<Grant> grant() {
        return readLimitsNowAndThen().thenCompose(read -> measure());
    }

    private CompletionStage<Grant> measure() {
        CompletableFuture<Set<String>> nodes = redis.commands().smembers(keys.nodes()).toCompletableFuture();
        CompletableFuture<List<String>> lists = redis.connections().subscriberBuffers().toCompletableFuture();
        return lists.thenCombine(nodes, (clients, present) -> {
            long fullest = 0;
            for (String list : clients) fullest = Math.max(fullest, fullest(list, present));
            int count = Math.max(1, present.size());
            return new Grant(Math.max(0, safe - fullest) / count, safe / count);
        }).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            // CLIENT LIST refused (an ACL, a renamed command): no bound rather than no publish.
            // Anything else (Redis away, a key's error) is a failed ask, asked again later.
            if (!(cause instanceof RedisCommandExecutionException) || !lists.isCompletedExceptionally()) throw new CompletionException(cause);
            log.warn("Redis refuses CLIENT LIST ({}): what this node publishes is not bound by its subscribers' output buffers", cause.getMessage());
            return new Grant(Long.MAX_VALUE, Long.MAX_VALUE);
        });
    }

    /** The largest output buffer of a subscriber of a node in {@code present}, in a {@code CLIENT LIST} reply. */
    static long fullest(String clientList, Set<String> present) {
        long fullest = 0;
        for (String line : clientList.split("\n")) {
            String name = field(line, "name");
            if (name == null || !name.startsWith(CLIENT_NAME) || !present.contains(name.substring(CLIENT_NAME.length()))) continue;
            String omem = field(line, "omem");
            if (omem != null) fullest = Math.max(fullest, Long.parseLong(omem));
        }
        return fullest;
    }

    private static String field(String line, String name) {
        String key = name + "=";
        int at = line.startsWith(key) ? 0 : line.indexOf(" " + key);
        if (at < 0) return null;
        int start = at == 0 ? key.length() : at + 1 + key.length();
        int end = line.indexOf(' ', start);
        return (end < 0 ? line.substring(start) : line.substring(start, end)).trim();
    }

    /** Half the smaller of the pub/sub hard and soft limits, read every 10 s; Redis' defaults where it will not say. */
    private CompletionStage<?> readLimitsNowAndThen() {
        long now = System.nanoTime();
        if (now - limitsRead < READ_LIMITS_EVERY) return CompletableFuture.completedFuture(null);
        limitsRead = now;
        // A Redis that will not say (a renamed CONFIG) has Redis' defaults, as far as this node knows.
        return redis.commands().configGet("client-output-buffer-limit").handle((config, failure) -> {
            if (failure == null) safe = safeOf(config);
            return null;
        });
    }

    /** Half the smaller of the pub/sub limits that are set, from {@code CONFIG GET client-output-buffer-limit}. */
    static long safeOf(Map<String, String> config) {
        String value = config == null ? null : config.get("client-output-buffer-limit");
        long hard = DEFAULT_HARD, soft = DEFAULT_SOFT;
        if (value != null) {
            String[] words = value.trim().split("\\s+");
            for (int i = 0; i + 2 < words.length; i++) {
                if (!words[i].equals("pubsub")) continue;
                hard = Long.parseLong(words[i + 1]);
                soft = Long.parseLong(words[i + 2]);
            }
        }
        long smaller = hard == 0 ? soft : soft == 0 ? hard : Math.min(hard, soft);
        // No limit at all: Redis never cuts, but its memory is not endless either.
        return (smaller == 0 ? DEFAULT_HARD : smaller) / 2;
    }
}
