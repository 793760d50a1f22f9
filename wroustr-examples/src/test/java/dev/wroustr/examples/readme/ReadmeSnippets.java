package dev.wroustr.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wroustr.Interceptor;
import dev.wroustr.Layer;
import dev.wroustr.Message;
import dev.wroustr.ParamException;
import dev.wroustr.Params;
import dev.wroustr.client.Connector;
import dev.wroustr.test.TestClient;
import dev.wroustr.test.TestServer;
import dev.wroustr.client.Reconnect;
import dev.wroustr.server.AttributeKey;
import dev.wroustr.server.HandshakeCheck;
import dev.wroustr.server.HandshakeResult;
import dev.wroustr.server.HttpResponse;
import dev.wroustr.server.Server;
import dev.wroustr.server.ServerDispatcher;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The code of README.md, verbatim inside methods, so that a README example that stops compiling
 * fails the build. Not run: the examples' own tests run the same calls on real sockets.
 */
final class ReadmeSnippets {
    record AppState(String name) {}

    interface Sessions {
        String userFor(String token);
    }

    interface Tokens {
        String userFor(String authorization);
    }

    record State(Sessions sessions, Tokens tokens, boolean isOpen) {}

    static final AttributeKey<String> USER = AttributeKey.of("user", String.class);
    static final AttributeKey<String> ADDRESS = AttributeKey.of("address", String.class);

    // ---- README: Server ----
    public static void main(String[] args) throws InterruptedException {
        var server = new Server<>("127.0.0.1:9000", new AppState("demo"));
        server.route("CONNECTED", (params, dispatcher, state) -> {
            System.out.println("New connection: " + params.get("uuid"));
            dispatcher.send("@CONNECTION-ESTABLISHED");
        });
        server.route("@LOGIN", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@LOGIN-DONE").param("success", true)));
        server.route("@INIT", ReadmeSnippets::init);
        server.serve();                  // blocks; start() returns a RunningServer instead
    }

    static void init(Params params, ServerDispatcher dispatcher, AppState state) {
        dispatcher.send("@INIT-DONE #success true");
    }

    // ---- README: Client ----
    void client() throws InterruptedException {
        var connector = new Connector<>("ws://localhost:9000", new AppState("client"))
                .reconnect(Reconnect.backoff(Duration.ofMillis(250), Duration.ofSeconds(30)))
                .route("CONNECTED", (params, dispatcher, state) -> System.out.println("Client connected"))
                .route("@PING", (params, dispatcher, state) -> dispatcher.send("@PONG"));
        connector.connect();                     // returns at once; the future completes when connected
        connector.awaitConnected(Duration.ofSeconds(5));
        connector.send(Message.route("@LOGIN").param("user", "bob"));
    }

    // ---- README: Layers, Interceptors, At the door ----
    void layersInterceptorsAndTheDoor(Server<State> server, Map<String, UnaryOperator<String>> ciphers) {
        Cipher cipher = new Cipher(ciphers.get("decrypt"), ciphers.get("encrypt"));

        server.layer(Layer.named("AUTH").block("CONNECTED", "DISCONNECTED").allow("@REQUEST-DATA"),
                (params, dispatcher, state) -> {
                    String user = state.sessions().userFor(params.get("token"));
                    if (user == null) {
                        dispatcher.send("@AUTH-FAILED");
                        return Layer.cancel();
                    }
                    return Layer.pass(params.with("user", user));   // the handler sees #user
                });
        // or the seed's yes/no form:
        server.layer(Layer.named("OPEN"), Layer.check((params, dispatcher, state) -> state.isOpen()));

        server.interceptIncoming((text, uuid, state) -> Interceptor.pass(cipher.decrypt(text)));
        server.interceptOutgoing((text, uuid, state) -> Interceptor.pass(cipher.encrypt(text)));

        server.handshakeCheck(HandshakeCheck.allowOrigins("https://app.example.com"));
        server.handshakeCheck((request, state) -> {
            String user = state.tokens().userFor(request.header("Authorization"));
            return user == null ? HandshakeResult.reject(401)
                    : HandshakeResult.accept().with(USER, user)                           // identity
                            .note(ADDRESS, request.remoteAddress().getHostString());   // a note
        });
        server.route("@WHO-AM-I", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@YOU-ARE").param("user", dispatcher.attribute(USER))));
    }

    // ---- README: Credentials that expire ----
    record Session(String user, String role, java.time.Instant expiresAt) {}

    interface SessionStore {
        Session byToken(String token);
    }

    record AuthState(SessionStore sessions) {}

    interface Auth {
        String currentAccessToken();
    }

    static final AttributeKey<String> ROLE = AttributeKey.of("role", String.class);

    static String bearer(String authorization) {
        return authorization == null || !authorization.startsWith("Bearer ") ? "" : authorization.substring("Bearer ".length());
    }

    static void credentials(Server<AuthState> server, AuthState clientState, Auth auth) {
        server.handshakeCheck((request, state) -> {
            Session session = state.sessions().byToken(bearer(request.header("Authorization")));
            return session == null ? HandshakeResult.reject(401)
                    : HandshakeResult.accept().with(USER, session.user()).expiresAt(session.expiresAt());
        });
        server.refreshCheck((token, connection, state) -> {      // a refresh, in order with the messages
            Session session = state.sessions().byToken(token);
            return session == null || !session.user().equals(connection.attribute(USER)) ? HandshakeResult.reject(401)
                    : HandshakeResult.accept().with(ROLE, session.role()).expiresAt(session.expiresAt());
        });
        server.expiryGrace(Duration.ofSeconds(25));               // the default

        var connector = new Connector<>("wss://chat.example.com", clientState)
                .tokenSupplier(() -> auth.currentAccessToken())   // null: the user is gone
                .tokenHeader("Authorization", "Bearer ");          // the default; or tokenQuery("access_token")
    }

    // ---- README: Rate limits, Compression ----
    static void rateLimitsAndCompression(Server<State> server) {
        server.rateLimit("@SAY", 10, Duration.ofSeconds(1));   // each connection: 10 @SAY a second
        server.rateLimit(100, Duration.ofSeconds(1));          // and 100 a second over all its other routes
        server.route("LIMITED", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@SLOW-DOWN").param("route", params.get("route"))));
        server.compression(true);
    }

    record Cipher(UnaryOperator<String> decryptor, UnaryOperator<String> encryptor) {
        String decrypt(String text) {
            return decryptor.apply(text);
        }

        String encrypt(String text) {
            return encryptor.apply(text);
        }
    }

    // ---- README: Rooms ----
    void rooms(Server<State> server) {
        server.route("@ROOM-JOIN", (params, dispatcher, state) -> {
            dispatcher.join(params.require("room"));             // leaves it again on leave(room) or close
            dispatcher.send(Message.route("@ROOM-JOINED").param("room", params.require("room")));
        });
        server.route("@ROOM-SAY", (params, dispatcher, state) ->
                dispatcher.toRoom(params.require("room")).except(dispatcher.uuid())   // everyone else in it
                        .send(Message.route("@ROOM-SAID").param("from", dispatcher.uuid()).param("text", params.require("text"))));
    }

    // ---- README: Requests and replies ----
    void requests(Server<State> server, Connector<State> connector) throws Exception {
        // Client: ask, and get the handler's reply (or a RequestException) back.
        Message time = connector.request(Message.route("@TIME"), Duration.ofSeconds(5)).get();
        long now = time.params().getLong("now");

        // Server: answer it. reply() may come later, from any thread; only the first one goes out.
        server.route("@TIME", (params, dispatcher, state) ->
                dispatcher.reply(Message.route("@TIME").param("now", System.currentTimeMillis())));

        // Either side may ask: a server handler can even wait for its client's answer.
        server.route("@CHECKOUT", (params, dispatcher, state) -> {
            Message ok = dispatcher.request(Message.route("@CONFIRM?"), Duration.ofSeconds(30)).get();
            // ...
        });
    }

    // ---- README: Typed params ----
    record Login(String user, int age, Optional<String> room) {
        Login {                                          // the compact constructor is the validation
            if (age < 13) throw new ParamException("age", "age must be at least 13");
        }
    }

    record Welcome(String user, String room) {}

    static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReadmeSnippets.class);

    void typedParams(Server<State> server) {
        server.route("@LOGIN", Login.class, (login, dispatcher, state) ->
                dispatcher.reply(Message.of("@WELCOME", new Welcome(login.user(), login.room().orElse("lobby")))));
        server.route("INVALID", (params, dispatcher, state) ->  // bad-param: route, param, reason, detail
                log.info("{} on {}: {}", params.get("error"), params.get("route"), params.get("detail")));
    }

    void bindInAHandler(Params params) {
        Login login = params.as(Login.class);                // the same binding inside any handler
    }

    // ---- README: Testing routes ----
    interface ChatRoutes {
        static void register(Server<AppState> server) {}
    }

    void testKit() {
        try (TestServer server = TestServer.start(new AppState("demo"), ChatRoutes::register)) {  // Server<AppState> on 127.0.0.1:0
            TestClient alice = server.client();           // connected and welcomed: alice.uuid() is known
            TestClient bob = server.client();
            alice.send(Message.route("@SAY").param("text", "hi"));
            assertEquals("hi", bob.expect("@SAID").params().get("text"));   // the next message, on that route
            alice.expect("@SAID");
            bob.expectNothing();                          // nothing more within 200 ms

            Message reply = alice.request(Message.route("@TIME"));            // the reply, without $re
            Message error = alice.request(Message.route("@SAY"));             // @$error #error bad-param
            alice.send("@BYE");
            alice.expectClosed(1000);
        }
    }

    // ---- README: Plain HTTP beside the WebSocket ----
    void http(Server<State> server) {
        server.http((request, state) -> request.path().equals("/health")
                ? HttpResponse.ok("text/plain; charset=utf-8", "ok")
                : null);                                      // null: 404, or 426 on the WebSocket path
    }
}
