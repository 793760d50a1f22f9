package dev.wroustr.internal;

import dev.wroustr.Dispatcher;
import dev.wroustr.Handler;
import dev.wroustr.ParamBindingException;
import dev.wroustr.ParamBindingException.Reason;
import dev.wroustr.ParamException;
import dev.wroustr.Params;
import dev.wroustr.TypedHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Objects;
import java.util.Optional;

/**
 * Binds params to a record, one param per component of the same name, and writes a record as
 * params. Built once per record class (reflection is looked at then, never per message) and
 * shared by every thread.
 */
public final class RecordBinder<R extends Record> {
    private static final ClassValue<RecordBinder<?>> BINDERS = new ClassValue<>() {
        @Override
        protected RecordBinder<?> computeValue(Class<?> type) {
            return new RecordBinder<>(type.asSubclass(Record.class));
        }
    };

    private final Class<R> type;
    private final String[] names;
    private final ParamTypes.ParamType[] types;
    private final Method[] accessors;
    private final Constructor<R> constructor;

    private RecordBinder(Class<R> type) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        types = new ParamTypes.ParamType[components.length];
        accessors = new Method[components.length];
        Class<?>[] raw = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            names[i] = component.getName();
            raw[i] = component.getType();
            types[i] = ParamTypes.of(component.getGenericType());
            if (types[i] == null) {
                throw new IllegalArgumentException("record " + type.getName() + ": component " + names[i] + " is a "
                        + component.getGenericType().getTypeName() + ", which no param binds to (String, the primitive"
                        + " types and their boxes, enums, UUID, and Optional of those do)");
            }
            accessors[i] = accessible(component.getAccessor());
        }
        try {
            constructor = accessible(type.getDeclaredConstructor(raw));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
        }
    }

    /**
     * The binder of {@code type}, made on first use.
     *
     * @throws IllegalArgumentException if {@code type} is not a record, has a component no
     *     param binds to, or cannot be reached by reflection (a named module that does not open it)
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> RecordBinder<R> of(Class<R> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) throw new IllegalArgumentException(type.getName() + " is not a record");
        return (RecordBinder<R>) BINDERS.get(type);
    }

    /** A handler that binds the params, then calls {@code handler}. */
    public static <R extends Record, D extends Dispatcher, S> Handler<D, S> handler(Class<R> type,
            TypedHandler<R, D, S> handler) {
        Objects.requireNonNull(handler, "handler");
        RecordBinder<R> binder = of(type);
        return (params, dispatcher, state) -> handler.handle(binder.bind(params), dispatcher, state);
    }

    /** The record the params bind to. @throws ParamBindingException if they do not */
    public R bind(Params params) {
        Object[] values = new Object[names.length];
        for (int i = 0; i < names.length; i++) values[i] = types[i].bind(params, names[i]);
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw refused(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    /** {@code record}'s components as params, in their order; an empty {@code Optional} writes no param. */
    public Params write(R record) {
        Params params = Params.empty();
        for (int i = 0; i < names.length; i++) {
            Object value;
            try {
                value = accessors[i].invoke(record);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("accessor " + names[i] + " of " + type.getName() + " threw", e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (value instanceof Optional<?> optional) {
                if (optional.isEmpty()) continue;
                value = optional.get();
            }
            // Null would bind back as missing: say so here, where the record was made.
            if (value == null) throw new NullPointerException(type.getName() + "." + names[i] + " is null: make it an Optional");
            params = params.with(names[i], value instanceof Enum<?> constant ? constant.name() : value.toString());
        }
        return params;
    }

    private ParamBindingException refused(Throwable cause) {
        if (cause instanceof Error error) throw error;
        String key = cause instanceof ParamException named ? named.key() : null;
        String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
        return new ParamBindingException(key, Reason.REFUSED, type.getSimpleName() + " refused its params: " + why, cause);
    }

    private <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
        try {
            member.setAccessible(true);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("record " + type.getName() + " cannot be reached: open its package to dev.wroustr", e);
        }
        return member;
    }
}
