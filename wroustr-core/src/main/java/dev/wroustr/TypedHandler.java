package dev.wroustr;

/**
 * A handler that takes the message's params bound to a record:
 * {@code server.route("@LOGIN", Login.class, (login, dispatcher, state) -> ...)}. The record's
 * components name the params it reads; see {@link Params#as(Class)} for the types they may
 * have. A message whose params do not bind never reaches it: the {@code INVALID} route gets
 * {@code bad-param} instead (PROTOCOL.md section 3), and a request gets the error reply
 * {@code bad-param}.
 *
 * <p>Runs where a {@link Handler} runs, with the same ordering and failure rules.
 *
 * @param <R> the record the params bind to
 * @param <D> the dispatcher: {@code ServerDispatcher} on the server, {@link Dispatcher} on the client
 * @param <S> the application state shared by all handlers
 */
@FunctionalInterface
public interface TypedHandler<R extends Record, D extends Dispatcher, S> {
    void handle(R params, D dispatcher, S state) throws Exception;
}
