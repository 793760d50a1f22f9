package dev.wroustr.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.stereotype.Component;

/**
 * A bean whose {@link Route} methods handle routes of the application's wroustr server. A
 * {@code @Component}, so component scanning finds it; only beans marked so are searched for
 * {@code @Route} methods.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
public @interface RouteHandlers {}
