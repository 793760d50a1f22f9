package dev.wroustr.internal.netty;

import dev.wroustr.server.Cluster;
import dev.wroustr.server.HandshakeCheck;
import dev.wroustr.server.HttpHandler;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;

/** The server's settings, fixed at start. See {@code Server} for what each means and its default. */
public record ServerSettings<S>(
        String path,
        int maxMessageBytes,
        int maxParams,
        int maxQueuedMessages,
        int maxOutboundBytes,
        int maxConnections,
        int maxPendingRequests,
        int maxRoomsPerConnection,
        int maxQueuedBytes,
        long maxQueuedBytesTotal,
        int maxFanOutBacklog,
        Duration slowReaderTimeout,
        Duration messageTimeout,
        Duration pingInterval,
        Duration idleTimeout,
        Duration handshakeTimeout,
        Duration shutdownTimeout,
        boolean inlineHandlers,
        int eventLoopThreads,
        SslContext sslContext,
        List<HandshakeCheck<S>> handshakeChecks,
        Cluster cluster,
        HttpHandler<S> httpHandler,
        boolean compression,
        dev.wroustr.internal.RateLimiter rateLimiter,
        dev.wroustr.server.ServerMetrics metrics,
        DoorSettings door,
        ResumeSettings resume,
        ExpirySettings<S> expiry) {}
