package dev.wroustr.internal.netty;

import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** The client's settings, fixed at connect. See {@code Connector} for what each means and its default. */
public record ClientSettings(
        URI uri,
        dev.wroustr.client.Reconnect reconnect,
        int maxMessageBytes,
        int maxParams,
        int maxQueuedMessages,
        int maxQueuedBytes,
        int maxOutboundBytes,
        int maxPendingRequests,
        Duration connectTimeout,
        Duration pingInterval,
        Duration idleTimeout,
        Supplier<Map<String, String>> headers,
        Supplier<Map<String, String>> query,
        SslContext sslContext,
        boolean compression,
        boolean resume,
        TokenSettings tokens) {}
