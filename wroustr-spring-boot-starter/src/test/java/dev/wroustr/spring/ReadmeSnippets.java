package dev.wroustr.spring;

import dev.wroustr.Interceptor;
import dev.wroustr.Layer;
import dev.wroustr.Message;
import dev.wroustr.ParamException;
import dev.wroustr.Params;
import dev.wroustr.server.HandshakeCheck;
import dev.wroustr.server.Server;
import dev.wroustr.server.ServerDispatcher;
import dev.wroustr.test.TestClient;
import dev.wroustr.test.TestServer;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;

/**
 * The code of this module's README.md and the root README's Spring Boot section, verbatim inside its classes and methods, so that a README
 * example that stops compiling fails the build. Not run: {@code StarterTest} runs the same calls.
 */
final class ReadmeSnippets {
    interface Users {
        void add(String uuid, String name);

        String nameOf(String uuid);
    }

    interface Sessions {
        boolean isValid(String token);
    }

    static final class ChatApplication {}

    // ---- root README: Spring Boot ----
    @RouteHandlers
    public static class LoginRoutes {
        record Login(String user, int age) {}

        @Route("@LOGIN")
        Message login(Login login, ServerDispatcher dispatcher) {
            return Message.route("@WELCOME").param("user", login.user());   // the reply
        }
    }

    // ---- README: Routes as annotated methods ----
    @RouteHandlers                                   // a @Component: component scanning finds it
    public static class ChatRoutes {
        record Login(String user, int age, Optional<String> room) {
            Login {
                if (age < 13) throw new ParamException("age", "age must be at least 13");
            }
        }

        private final Users users;                   // any bean, injected as usual

        public ChatRoutes(Users users) {
            this.users = users;
        }

        @Route("@LOGIN")                             // the params bound to a record
        Message login(Login login, ServerDispatcher dispatcher) {
            users.add(dispatcher.uuid(), login.user());
            return Message.route("@WELCOME").param("room", login.room().orElse("lobby"));   // sent as the reply
        }

        @Route("@SAY")                               // one param by name; the dispatcher by type
        void say(@Param("text") String text, ServerDispatcher dispatcher) {
            dispatcher.broadcast(Message.route("@SAID").param("from", users.nameOf(dispatcher.uuid())).param("text", text));
        }

        @Route("INVALID")                            // named routes too
        void invalid(Params params, ServerDispatcher dispatcher) {
            dispatcher.send(Message.route("@INVALID").param("error", params.require("error")));
        }
    }

    // ---- README: In code: the customizer ----
    @Bean
    WroustrServerCustomizer auth(Sessions sessions) {
        return server -> server
                .handshakeCheck(HandshakeCheck.allowOrigins("https://app.example.com"))
                .layer(Layer.named("AUTH").allow("@REQUEST-DATA"), Layer.check((params, dispatcher, state) ->
                        sessions.isValid(params.get("token"))))
                .interceptIncoming((text, uuid, state) -> Interceptor.pass(text.strip()));
    }

    // ---- README: Tests ----
    void tests() {
        try (var context = SpringApplication.run(ChatApplication.class, "--wroustr.port=0");
             TestServer server = TestServer.of(context.getBean(Server.class).running())) {
            TestClient client = server.client();
            client.send(Message.route("@SAY").param("text", "hi"));
            client.expect("@SAID");
        }
    }
}
