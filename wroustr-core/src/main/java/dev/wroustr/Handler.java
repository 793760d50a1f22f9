package dev.wroustr;

/**
 * What runs when a route is called: {@code (params, dispatcher, state)}, as a lambda or a
 * method reference such as {@code LoginRoutes::login}.
 *
 * <p>Runs off the network threads and may block (a database call is fine). Calls for one
 * connection never overlap and keep the order in which the messages arrived; calls for
 * different connections run in parallel. An exception thrown here affects this one message:
 * the {@code ERROR} route gets it and the connection stays open. See {@code docs/threading.md}.
 *
 * @param <D> the dispatcher: {@code ServerDispatcher} on the server, {@link Dispatcher} on the client
 * @param <S> the application state shared by all handlers
 */
@FunctionalInterface
public interface Handler<D extends Dispatcher, S> {
    void handle(Params params, D dispatcher, S state) throws Exception;
}
