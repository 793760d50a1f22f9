package dev.wroustr.internal.netty;

import dev.wroustr.server.RefreshCheck;
import java.time.Duration;

/** The server's settings for credentials that expire. See {@code Server.expiryGrace} and {@code Server.refreshCheck}. */
public record ExpirySettings<S>(Duration grace, RefreshCheck<S> refreshCheck) {}
