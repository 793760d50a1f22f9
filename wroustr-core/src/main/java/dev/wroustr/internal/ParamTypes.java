package dev.wroustr.internal;

import dev.wroustr.ParamBindingException;
import dev.wroustr.ParamBindingException.Reason;
import dev.wroustr.Params;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The types a param binds to, each with how its text parses. The parsing follows {@code Params}'
 * typed getters: decimal numbers, {@code true}/{@code false}, and the texts the writer makes,
 * so a record written as params binds back to an equal record. Public for the Spring starter,
 * which binds a handler method's {@code @Param} arguments the same way.
 */
public final class ParamTypes {
    /**
     * How one component's param parses. {@code parse} throws {@link IllegalArgumentException}
     * (which {@link NumberFormatException} is) when the text is not one; {@code what} names the
     * type in the error, as "param "x" is not {@code what}".
     */
    public record ParamType(String what, Function<String, Object> parse, boolean optional) {
        ParamType asOptional() {
            return new ParamType(what, parse, true);
        }

        /**
         * The value of param {@code name} as this type: {@code Optional.empty()} for an absent
         * optional one. @throws ParamBindingException if it is absent or does not parse
         */
        public Object bind(Params params, String name) {
            String text = params.get(name);
            if (text == null) {
                if (optional) return Optional.empty();
                throw new ParamBindingException(name, Reason.MISSING, "missing param \"" + name + "\"", null);
            }
            Object value;
            try {
                value = parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new ParamBindingException(name, Reason.MALFORMED, "param \"" + name + "\" is not " + what, null);
            }
            return optional ? Optional.of(value) : value;
        }
    }

    private static final Map<Class<?>, ParamType> PLAIN = new HashMap<>();

    static {
        plain(String.class, "a string", text -> text);
        plain(int.class, Integer.class, "an int", Integer::valueOf);
        plain(long.class, Long.class, "a long", Long::valueOf);
        plain(short.class, Short.class, "a short", Short::valueOf);
        plain(byte.class, Byte.class, "a byte", Byte::valueOf);
        plain(double.class, Double.class, "a number", Double::valueOf);
        plain(float.class, Float.class, "a number", Float::valueOf);
        plain(boolean.class, Boolean.class, "a boolean (true or false)", ParamTypes::bool);
        plain(char.class, Character.class, "one character", ParamTypes::character);
        plain(UUID.class, "a UUID", UUID::fromString);
    }

    private ParamTypes() {}

    /**
     * How a component of generic type {@code type} binds, or {@code null} where it cannot:
     * String, the primitive types and their boxes, enums, UUID, and {@code Optional} of those.
     */
    public static ParamType of(Type type) {
        if (type instanceof ParameterizedType generic && generic.getRawType() == Optional.class) {
            ParamType inner = ofPlain(generic.getActualTypeArguments()[0]);
            return inner == null ? null : inner.asOptional();
        }
        return ofPlain(type);
    }

    private static ParamType ofPlain(Type type) {
        if (!(type instanceof Class<?> plain)) return null;
        if (plain.isEnum()) return enumType(plain);
        return PLAIN.get(plain);
    }

    /** An enum binds from the exact name of a constant, as {@code name()} writes it. */
    private static ParamType enumType(Class<?> type) {
        Map<String, Object> constants = new HashMap<>();
        for (Object constant : type.getEnumConstants()) constants.put(((Enum<?>) constant).name(), constant);
        return new ParamType("one of " + constants.keySet(), name -> {
            Object constant = constants.get(name);
            if (constant == null) throw new IllegalArgumentException();
            return constant;
        }, false);
    }

    private static Object bool(String text) {
        if (text.equals("true")) return Boolean.TRUE;
        if (text.equals("false")) return Boolean.FALSE;
        throw new IllegalArgumentException();
    }

    private static Object character(String text) {
        if (text.length() != 1) throw new IllegalArgumentException();
        return text.charAt(0);
    }

    private static void plain(Class<?> type, String what, Function<String, Object> parse) {
        PLAIN.put(type, new ParamType(what, parse, false));
    }

    private static void plain(Class<?> primitive, Class<?> box, String what, Function<String, Object> parse) {
        plain(primitive, what, parse);
        plain(box, what, parse);
    }
}
