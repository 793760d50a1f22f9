package dev.wroustr.spring;

import dev.wroustr.Layer;
import dev.wroustr.Message;
import dev.wroustr.ParamException;
import dev.wroustr.Params;
import dev.wroustr.server.ServerDispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** A Spring Boot application of the starter's tests: chat routes as annotated handlers. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ChatApp.ChatRoutes.class)
class ChatApp {
    /** The application state every handler may take. */
    static final class Lobby {
        final AtomicInteger logins = new AtomicInteger();
    }

    enum Mood { HAPPY, GRUMPY }

    record Login(String user, int age, Optional<String> room) {
        Login {
            if (age < 13) throw new ParamException("age", "age must be at least 13");
        }
    }

    record Welcome(String user, String room, int logins) {}

    @RouteHandlers
    static class ChatRoutes {
        @Route("@LOGIN")
        Message login(Login login, Lobby lobby) {
            return Message.of("@WELCOME", new Welcome(login.user(), login.room().orElse("lobby"), lobby.logins.incrementAndGet()));
        }

        @Route("@SAY")
        void say(@Param("text") String text, ServerDispatcher dispatcher) {
            dispatcher.broadcast(Message.route("@SAID").param("from", dispatcher.uuid()).param("text", text));
        }

        @Route("@TYPES")
        Message types(@Param("n") int n, @Param("big") Long big, @Param("ok") boolean ok, @Param("mood") Mood mood,
                @Param("id") UUID id, @Param("note") Optional<String> note, Params params) {
            return Message.route("@TYPES").param("n", n + 1).param("big", big + 1).param("ok", !ok)
                    .param("mood", mood.name()).param("id", id.toString()).param("note", note.orElse("none"))
                    .param("count", params.size());
        }

        @Route("@FAIL")
        void fail() {
            throw new IllegalStateException("not on the wire");
        }

        @Route("INVALID")
        void invalid(Params params, ServerDispatcher dispatcher) {
            dispatcher.send(Message.route("@INVALID").param("error", params.require("error"))
                    .param("param", params.get("param", "")).param("reason", params.get("reason", "")));
        }
    }

    @Bean
    Lobby wroustrState() {
        return new Lobby();
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /** Programmatic registration beside the annotations: a layer and a route. */
    @Bean
    WroustrServerCustomizer adminOnly() {
        return server -> server
                .layer(Layer.named("ADMIN").allow("@ADMIN"), Layer.check((params, dispatcher, state) -> "root".equals(params.get("user"))))
                .route("@ADMIN", (params, dispatcher, state) -> dispatcher.reply(Message.route("@ADMIN-OK")));
    }
}
