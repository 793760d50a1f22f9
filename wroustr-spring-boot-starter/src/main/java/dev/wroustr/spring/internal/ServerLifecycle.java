package dev.wroustr.spring.internal;

import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.spring.RouteHandlers;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the server once the context is refreshed, after registering the {@code @Route}
 * methods of every {@code @RouteHandlers} bean, and closes it with the context: clients get
 * 1001 (going away), and running handlers and {@code DISCONNECTED} routes get the server's
 * {@code shutdownTimeout} to finish. Its phase puts it after most lifecycles on the way up
 * and before them on the way down, so handlers never outlive the beans they use.
 */
public final class ServerLifecycle implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ServerLifecycle.class);
    /** The property holding the bound port, as {@code local.server.port} holds the web server's. */
    public static final String LOCAL_PORT = "local.wroustr.port";
    /** The thread that keeps the JVM up while the server runs. */
    public static final String AWAIT_THREAD = "wroustr-server-await";

    private final Server<?> server;
    private final ApplicationContext context;
    private final Object state;
    private volatile RunningServer running;

    public ServerLifecycle(Server<?> server, ApplicationContext context, Object state) {
        this.server = server;
        this.context = context;
        this.state = state;
    }

    @Override
    public synchronized void start() {
        if (running != null) return;
        Map<String, Object> beans = context.getBeansWithAnnotation(RouteHandlers.class);
        int routes = RouteMethods.register(server, beans, state);
        running = server.start();
        awaitClosedInThreadOfItsOwn(running);
        if (context.getEnvironment() instanceof ConfigurableEnvironment environment) {
            environment.getPropertySources().addFirst(new MapPropertySource("wroustr.local", Map.of(LOCAL_PORT, running.port())));
        }
        log.info("wroustr server on {} with {} @Route methods of {} beans", running.uri(), routes, beans.size());
    }

    /**
     * Netty's threads are daemons, and an application with no web server has no other thread
     * once {@code main} returns: this one, not a daemon, keeps the JVM up until the server closes.
     */
    private static void awaitClosedInThreadOfItsOwn(RunningServer running) {
        Thread await = new Thread(() -> {
            try {
                running.awaitClosed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, AWAIT_THREAD);
        await.setDaemon(false);
        await.start();
    }

    @Override
    public synchronized void stop() {
        RunningServer started = running;
        if (started != null) started.close();
    }

    @Override
    public boolean isRunning() {
        RunningServer started = running;
        return started != null && !started.isClosed();
    }

    @Override
    public int getPhase() {
        // The web server's phase: up after the beans handlers use, down before them.
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
