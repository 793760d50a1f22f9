package dev.wroustr.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link RouteHandlers} bean as the handler of a route: a custom route
 * ({@code @LOGIN}) or a named one ({@code CONNECTED}, {@code INVALID}, ...). Its parameters are
 * bound by type, in any order and number:
 *
 * <ul>
 *   <li>{@link dev.wroustr.Params}: the message's params, as a {@code Handler} gets them;
 *   <li>{@link dev.wroustr.server.ServerDispatcher} (or {@link dev.wroustr.Dispatcher}): the connection;
 *   <li>a parameter annotated {@link Param}: that one param, of any type a record component may have;
 *   <li>the application state (the bean named {@code wroustrState}), by its type;
 *   <li>any other record: the params bound to it, as {@code Params.as} binds them.
 * </ul>
 *
 * <p>A method returning {@link dev.wroustr.Message} has it sent with {@code dispatcher.reply},
 * so it answers a request and is sent as a plain message otherwise; other methods return
 * {@code void}. Params that do not bind never reach the method: {@code INVALID} gets
 * {@code bad-param}, and a request gets that error reply. What the method throws raises
 * {@code ERROR}, as from any handler. The method runs where a handler runs (see the core's
 * {@code docs/threading.md}). Parameters and return types are checked at startup: a mistake
 * stops the context, naming the method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Route {
    /** The route, e.g. {@code @LOGIN} or {@code CONNECTED}. */
    String value();
}
