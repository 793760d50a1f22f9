/**
 * A wroustr server in a Spring Boot application: {@link dev.wroustr.spring.WroustrAutoConfiguration}
 * builds it from {@code wroustr.*} properties ({@link dev.wroustr.spring.WroustrProperties}),
 * registers the {@link dev.wroustr.spring.Route} methods of {@link dev.wroustr.spring.RouteHandlers}
 * beans, applies {@link dev.wroustr.spring.WroustrServerCustomizer} beans, starts it once the
 * context is refreshed and closes it gracefully with the context. The starter only adapts:
 * every behaviour is the core's.
 */
package dev.wroustr.spring;
