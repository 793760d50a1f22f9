package dev.wroustr.spring.internal;

import dev.wroustr.server.Server;
import dev.wroustr.spring.Route;
import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/** Registers the {@link Route} methods of the application's {@code @RouteHandlers} beans on its server. */
final class RouteMethods {
    private RouteMethods() {}

    /**
     * @param beans the beans by name
     * @throws IllegalStateException naming the method, where one cannot be served or its route is taken
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int register(Server<?> server, Map<String, Object> beans, Object state) {
        int[] count = {0};
        beans.forEach((name, bean) -> {
            // The class the user wrote, not a proxy's: its methods carry the annotations.
            Class<?> type = AopUtils.getTargetClass(bean);
            ReflectionUtils.doWithMethods(type, method -> {
                Route route = AnnotatedElementUtils.findMergedAnnotation(method, Route.class);
                if (route == null) return;
                Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
                RouteMethod handler = new RouteMethod(bean, invocable, state);
                try {
                    ((Server) server).route(route.value(), handler);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("@Route method " + type.getName() + "." + method.getName() + " of bean "
                            + name + ": " + e.getMessage(), e);
                }
                count[0]++;
            }, ReflectionUtils.USER_DECLARED_METHODS);
        });
        return count[0];
    }
}
