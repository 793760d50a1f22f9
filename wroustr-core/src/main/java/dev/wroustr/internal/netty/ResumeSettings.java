package dev.wroustr.internal.netty;

import java.time.Duration;

/** The server's resume settings: off when {@code window} is null. See {@code Server.resume}. */
public record ResumeSettings(Duration window, int maxMessages, long maxBytes) {}
