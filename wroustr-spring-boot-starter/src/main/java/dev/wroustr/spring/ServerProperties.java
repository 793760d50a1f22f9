package dev.wroustr.spring;

import dev.wroustr.server.Server;
import java.util.function.Consumer;

/** The {@code wroustr.*} properties set on a server: each one set, and only those, so the rest keep the server's defaults. */
final class ServerProperties {
    private ServerProperties() {}

    static void apply(WroustrProperties p, Server<?> server) {
        set(p.path(), server::path);
        set(p.maxMessageBytes(), server::maxMessageBytes);
        set(p.maxParams(), server::maxParams);
        set(p.maxQueuedMessages(), server::maxQueuedMessages);
        set(p.maxOutboundBytes(), server::maxOutboundBytes);
        set(p.maxConnections(), server::maxConnections);
        set(p.maxPendingRequests(), server::maxPendingRequests);
        set(p.pingInterval(), server::pingInterval);
        set(p.idleTimeout(), server::idleTimeout);
        set(p.handshakeTimeout(), server::handshakeTimeout);
        set(p.shutdownTimeout(), server::shutdownTimeout);
        set(p.inlineHandlers(), server::inlineHandlers);
        set(p.eventLoopThreads(), server::eventLoopThreads);
        set(p.compression(), server::compression);
        WroustrProperties.RateLimit limits = p.rateLimit();
        if (limits.messages() != null) server.rateLimit(limits.messages(), limits.period());
        if (limits.routes() != null) limits.routes().forEach((route, limit) -> server.rateLimit(route, limit.messages(), limit.period()));
        set(limits.action(), server::onRateLimit);
        WroustrProperties.Tls tls = p.tls();
        if (tls.certificateChain() != null || tls.privateKey() != null) {
            if (tls.certificateChain() == null || tls.privateKey() == null) {
                throw new IllegalArgumentException("wroustr.tls needs both certificate-chain and private-key");
            }
            server.tls(tls.certificateChain(), tls.privateKey());
        }
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) setter.accept(value);
    }
}
