package dev.wroustr.spring.internal;

import dev.wroustr.Dispatcher;
import dev.wroustr.Handler;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.internal.ParamTypes;
import dev.wroustr.internal.RecordBinder;
import dev.wroustr.server.ServerDispatcher;
import dev.wroustr.spring.Param;
import dev.wroustr.spring.Route;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

/**
 * One {@link Route} method as a {@link Handler}: how each of its parameters is found is decided
 * once, here, so a message costs one array of arguments and a reflective call.
 */
final class RouteMethod implements Handler<ServerDispatcher, Object> {
    /** Where one argument comes from. */
    @FunctionalInterface
    private interface Argument {
        Object of(Params params, ServerDispatcher dispatcher, Object state);
    }

    private final Object bean;
    private final Method method;
    private final Argument[] arguments;
    private final boolean replies;

    /**
     * @param state the application state, or null: a parameter of its type gets it
     * @throws IllegalStateException naming the method, if a parameter or the return type is not one it can serve
     */
    RouteMethod(Object bean, Method method, Object state) {
        this.bean = bean;
        this.method = method;
        Parameter[] parameters = method.getParameters();
        arguments = new Argument[parameters.length];
        for (int i = 0; i < parameters.length; i++) arguments[i] = argument(parameters[i], state);
        Class<?> returns = method.getReturnType();
        if (returns != void.class && returns != Message.class) {
            throw mistake("returns " + returns.getName() + ": a @Route method returns void or a Message (sent as the reply)");
        }
        replies = returns == Message.class;
        method.setAccessible(true);
    }

    private Argument argument(Parameter parameter, Object state) {
        Class<?> type = parameter.getType();
        Param named = parameter.getAnnotation(Param.class);
        if (named != null) {
            String key = named.value();
            if (key.isEmpty()) {
                if (!parameter.isNamePresent()) throw mistake(parameter + ": @Param needs a key, or javac -parameters for the parameter's name");
                key = parameter.getName();
            }
            ParamTypes.ParamType paramType = ParamTypes.of(parameter.getParameterizedType());
            if (paramType == null) throw mistake(parameter + ": no param binds to " + parameter.getParameterizedType().getTypeName());
            String param = key;
            return (params, dispatcher, s) -> paramType.bind(params, param);
        }
        if (type == Params.class) return (params, dispatcher, s) -> params;
        if (type == ServerDispatcher.class || type == Dispatcher.class) return (params, dispatcher, s) -> dispatcher;
        if (state != null && type.isInstance(state)) return (params, dispatcher, s) -> s;
        if (type.isRecord()) {
            RecordBinder<?> binder;
            try {
                binder = RecordBinder.of(type.asSubclass(Record.class));
            } catch (IllegalArgumentException e) {
                throw mistake(e.getMessage());
            }
            return (params, dispatcher, s) -> binder.bind(params);
        }
        throw mistake(parameter + " of type " + type.getName() + " is none of Params, ServerDispatcher, a record, "
                + "the wroustrState bean's type, or a @Param");
    }

    private IllegalStateException mistake(String what) {
        return new IllegalStateException("@Route method " + method.getDeclaringClass().getName() + "." + method.getName() + ": " + what);
    }

    @Override
    public void handle(Params params, ServerDispatcher dispatcher, Object state) throws Exception {
        Object[] values = new Object[arguments.length];
        // Bound before the call: params that do not bind throw here, and never reach the method.
        for (int i = 0; i < values.length; i++) values[i] = arguments[i].of(params, dispatcher, state);
        Object result;
        try {
            result = method.invoke(bean, values);
        } catch (InvocationTargetException e) {
            // What the method threw, not the reflection's wrapper: ERROR (or INVALID) gets it as from any handler.
            if (e.getCause() instanceof Exception cause) throw cause;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
        if (replies && result != null) dispatcher.reply((Message) result);
    }
}
