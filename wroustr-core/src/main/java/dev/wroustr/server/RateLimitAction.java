package dev.wroustr.server;

/**
 * What the server does with a message past its rate limit ({@link Server#rateLimit}). In both
 * cases the route's handler does not run.
 */
public enum RateLimitAction {
    /**
     * The message goes to the {@code LIMITED} route, with its params, then {@code route} and
     * {@code uuid}; with no {@code LIMITED} route registered it is dropped, counted and logged
     * (a WARN at most every 10 seconds). The connection stays open. The default.
     */
    REPORT,
    /** The connection is closed with 1008 (policy violation), reason {@code "rate limit exceeded"}. */
    CLOSE
}
