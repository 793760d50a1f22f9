package dev.wroustr.spring;

import dev.wroustr.server.RateLimitAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code wroustr.*} properties. A setting left unset keeps the server's own default,
 * documented on the {@code Server} method of the same name; the properties add no defaults of
 * their own but {@code enabled}, {@code host} and {@code port}.
 *
 * @param enabled whether to run a wroustr server at all
 * @param host the address to listen on; 0.0.0.0 for every interface
 * @param port the port to listen on; 0 for a free one (its number is then the property local.wroustr.port)
 * @param path the HTTP path clients connect to (default /)
 * @param maxMessageBytes the largest message accepted, in bytes of UTF-8; a bigger one closes with 1009 (default 64 KiB)
 * @param maxParams the most params a message may carry; more makes it INVALID (default 128)
 * @param maxQueuedMessages how many messages of one connection may wait for its handlers before the server stops reading it (default 1,024)
 * @param maxOutboundBytes how many bytes may wait to be written to one connection before it is closed with 1008 (default 1 MiB)
 * @param maxConnections how many connections may be open at once; past it handshakes get HTTP 503 (default 10,000)
 * @param maxPendingRequests how many requests the server may have waiting for replies on one connection (default 256)
 * @param pingInterval how long a connection may be quiet before the server pings it; 0 turns heartbeats off (default 30 s)
 * @param idleTimeout how long a connection may send nothing before it is closed with 1001 (default 75 s)
 * @param handshakeTimeout how long a new connection has to complete its upgrade (default 10 s)
 * @param shutdownTimeout how long closing waits for running handlers and DISCONNECTED routes (default 10 s)
 * @param inlineHandlers run handlers on the network threads: faster, for handlers that never block (default false)
 * @param eventLoopThreads network threads; 0 for twice the cores (default 0)
 * @param compression compress messages with permessage-deflate for clients that offer it (default false)
 * @param rateLimit rate limits per connection
 * @param redis the cluster on Redis: set uri to turn it on
 * @param tls wss:// from PEM files: set both to turn it on
 */
@ConfigurationProperties("wroustr")
public record WroustrProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("9000") int port,
        String path,
        Integer maxMessageBytes,
        Integer maxParams,
        Integer maxQueuedMessages,
        Integer maxOutboundBytes,
        Integer maxConnections,
        Integer maxPendingRequests,
        Duration pingInterval,
        Duration idleTimeout,
        Duration handshakeTimeout,
        Duration shutdownTimeout,
        Boolean inlineHandlers,
        Integer eventLoopThreads,
        Boolean compression,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Redis redis,
        @DefaultValue Tls tls) {

    /**
     * Rate limits per connection, as token buckets.
     *
     * @param messages how many messages a connection may send to routes without a limit of their own, per period (unset: no limit)
     * @param period the period of messages
     * @param routes limits of single routes, keyed by route: wroustr.rate-limit.routes.[@SAY].messages=10
     * @param action what happens past a limit: REPORT (the LIMITED route, or a drop) or CLOSE (1008) (default REPORT)
     */
    public record RateLimit(Integer messages, @DefaultValue("1s") Duration period, Map<String, Limit> routes, RateLimitAction action) {}

    /**
     * One route's limit.
     *
     * @param messages how many messages per period
     * @param period the period (default 1 s)
     */
    public record Limit(int messages, @DefaultValue("1s") Duration period) {}

    /**
     * The cluster on Redis (needs dev.wroustr:wroustr-redis).
     *
     * @param uri redis://HOST:PORT (rediss:// for TLS), or redis-sentinel://HOST:PORT,HOST:PORT#MASTER; set, it makes this server a node of the cluster
     * @param keyPrefix what every key and channel starts with; clusters sharing a Redis need different ones (default wroustr:)
     * @param lease how long a dead node's clients seem online (default 3 s)
     * @param timeout how long a handler waits for Redis (default 500 ms)
     */
    public record Redis(String uri, String keyPrefix, Duration lease, Duration timeout) {}

    /**
     * wss:// from PEM files.
     *
     * @param certificateChain the certificate chain, PEM
     * @param privateKey the private key, PKCS#8 PEM
     */
    public record Tls(Path certificateChain, Path privateKey) {}
}
