package dev.wroustr.internal.netty;

/**
 * The server's bounds at the HTTP door, fixed at start. See {@code Server} for what each means
 * and its default.
 */
public record DoorSettings(
        int maxUriBytes,
        int maxHeaderBytes,
        int maxConnectionsPerAddress,
        int maxHandshakesPerSecondPerAddress,
        TrustedProxies trustedProxies) {}
