/**
 * wroustr: a routing layer on WebSocket connections. Every text message names a route
 * ({@code @LOGIN #user bob}); wroustr parses it, runs layers and calls the handler registered
 * for that route, on the server ({@link dev.wroustr.server.Server}) and the client
 * ({@link dev.wroustr.client.Connector}) alike.
 *
 * <p>This package holds what both sides share: {@link dev.wroustr.Message} and
 * {@link dev.wroustr.Params}, {@link dev.wroustr.Handler}, {@link dev.wroustr.Dispatcher},
 * {@link dev.wroustr.Layer}, {@link dev.wroustr.Interceptor}, {@link dev.wroustr.NamedRoutes}
 * and {@link dev.wroustr.CloseCodes}. The threading model is in {@code docs/threading.md}.
 */
package dev.wroustr;
