package dev.wroustr.spring;

import dev.wroustr.server.Server;

/**
 * Configures the application's server in code before it starts: routes, layers,
 * interceptors, handshake checks, settings the properties do not cover. Every bean of this
 * type is applied, in {@code @Order}, after the {@code wroustr.*} properties and before the
 * {@link Route} methods are registered.
 */
@FunctionalInterface
public interface WroustrServerCustomizer {
    void customize(Server<Object> server);
}
