package dev.wroustr;

/**
 * The body of a {@link Layer}: runs before the route's handler and either passes the params on,
 * possibly changed, with {@link Layer#pass(Params)}, or stops the message with
 * {@link Layer#cancel()}. It may answer the peer through the dispatcher either way.
 * Runs on the same thread, and with the same ordering, as the handlers. A layer that throws
 * cancels the message and raises {@code ERROR}.
 */
@FunctionalInterface
public interface LayerFunction<D extends Dispatcher, S> {
    Layer.Result apply(Params params, D dispatcher, S state) throws Exception;
}
