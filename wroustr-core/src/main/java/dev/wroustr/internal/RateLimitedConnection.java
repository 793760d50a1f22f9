package dev.wroustr.internal;

/**
 * A server connection as the {@link RateLimiter} sees it: where its token buckets live, and how
 * it is closed past a limit. Called on the connection's serial executor only.
 */
public interface RateLimitedConnection {
    /** The buckets, or null until the connection's first limited message. */
    long[] rateBuckets();

    void rateBuckets(long[] buckets);

    /** Closes with 1008, "rate limit exceeded". */
    void closeRateLimited();
}
