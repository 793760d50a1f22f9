package dev.wroustr.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link Route} method's parameter to one param of the message: {@code @Param("room")
 * String room}. Its type may be any a record component may have ({@code String}, a primitive
 * type or its box, an enum, {@code UUID}, {@code Optional} of those for a param that may be
 * absent).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Param {
    /** The param's key; empty for the parameter's own name, which needs {@code javac -parameters}. */
    String value() default "";
}
