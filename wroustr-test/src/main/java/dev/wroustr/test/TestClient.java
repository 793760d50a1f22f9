package dev.wroustr.test;

import dev.wroustr.Message;
import dev.wroustr.ParseException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.opentest4j.AssertionFailedError;

/**
 * A client for tests that records what arrives and asserts on it: {@link #expect(String)} takes
 * the next message and checks its route, {@link #expectNothing()} checks that nothing comes,
 * {@link #request} returns the reply, {@link #expectClosed(int)} checks the close code. Each
 * waits at most the client's timeout (5 s unless its {@link TestServer} says otherwise) and
 * fails with an {@link AssertionFailedError} that lists what did arrive.
 *
 * <p>It is not the library's {@code Connector} but the JDK's {@code java.net.http.WebSocket}, so
 * a test sees the server as any other client would. It offers {@code wroustr.v1}, so the
 * server's welcome gives it its {@link #uuid()}; the welcome is not recorded. Replies to its
 * requests go to {@link #request}, never to the record. Thread-safe; asserting from one
 * thread is the usual way.
 */
public final class TestClient implements AutoCloseable {
    private static final String REQUEST_KEY = "$id";
    private static final String REPLY_KEY = "$re";

    /** What arrived, in order: a message, the close, or a failure of the socket. */
    private sealed interface Event permits Received, Closed, Failed {}

    private record Received(Message message) implements Event {
        @Override
        public String toString() {
            return message.toText();
        }
    }

    private record Closed(int code, String reason) implements Event {
        @Override
        public String toString() {
            return "close " + code + (reason.isEmpty() ? "" : " " + reason);
        }
    }

    private record Failed(String what) implements Event {
        @Override
        public String toString() {
            return what;
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> taken = new ArrayList<>();
    private final Map<String, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final CompletableFuture<String> welcome = new CompletableFuture<>();
    private final Object sending = new Object();
    private final Duration timeout;
    private final WebSocket socket;
    private volatile boolean closed;

    private TestClient(URI uri, Map<String, String> headers, Duration timeout) {
        this.timeout = timeout;
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(timeout).subprotocols("wroustr.v1");
        headers.forEach(builder::header);
        this.socket = await(builder.buildAsync(uri, new Listener()), "the connection to " + uri);
        // A server that chose wroustr.v1 sends its welcome first: wait, so uuid() is known at once.
        if ("wroustr.v1".equals(socket.getSubprotocol())) await(welcome, "the server's welcome");
    }

    /** Connects to {@code uri} ({@code ws://...}), waiting at most 5 s. */
    public static TestClient connect(URI uri) {
        return connect(uri, Map.of(), Duration.ofSeconds(5));
    }

    /**
     * Connects with {@code headers} on the upgrade request (an {@code Authorization} token, say),
     * waiting at most {@code timeout} here and in every assertion.
     *
     * @throws AssertionFailedError if the handshake fails or does not complete in time
     */
    public static TestClient connect(URI uri, Map<String, String> headers, Duration timeout) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(timeout, "timeout");
        return new TestClient(uri, headers, timeout);
    }

    /** The uuid the server's welcome gave this connection, or {@code null} from a server that sends none. */
    public String uuid() {
        return welcome.getNow(null);
    }

    /** Sends {@code message}. @return this, for chaining */
    public TestClient send(Message message) {
        return send(message.toText());
    }

    /**
     * Sends {@code text} exactly as written: malformed text too, to test the server's
     * {@code INVALID}. Waits until the socket took it; sends from several threads go one at a time.
     */
    public TestClient send(String text) {
        // The JDK's WebSocket refuses a send while another is under way.
        synchronized (sending) {
            await(socket.sendText(text, true), "sending " + text);
        }
        return this;
    }

    /**
     * The next message; fails unless it arrives in time and is on {@code route}.
     *
     * @return the message, for assertions on its params
     */
    public Message expect(String route) {
        Event event = next("a message on " + route);
        if (!(event instanceof Received received)) throw failure("expected a message on " + route + " but got " + event, route, event);
        if (!received.message().route().equals(route)) {
            throw failure("expected a message on " + route + " but got " + event, route, event);
        }
        return received.message();
    }

    /** The next message; fails unless it arrives in time and equals {@code expected} (route and params in order). */
    public Message expect(Message expected) {
        Message message = expect(expected.route());
        if (!message.equals(expected)) throw failure("expected " + expected + " but got " + message, expected.toText(), message.toText());
        return message;
    }

    /** Fails if anything arrives within 200 ms (a message, a close). */
    public void expectNothing() {
        expectNothing(Duration.ofMillis(200));
    }

    /** Fails if anything arrives within {@code wait}. */
    public void expectNothing(Duration wait) {
        Event event = poll(wait);
        if (event != null) throw failure("expected nothing within " + wait.toMillis() + " ms but got " + event, "nothing", event);
    }

    /**
     * Sends {@code message} as a request (PROTOCOL.md section 9) and returns its reply without
     * {@code $re}. An error reply is returned too: its route is {@code @$error} and its
     * {@code error} param the kind ({@code bad-param}, {@code handler-failed}, ...).
     *
     * @throws AssertionFailedError if no reply comes in time
     */
    public Message request(Message message) {
        String id = Long.toString(nextId.incrementAndGet());
        CompletableFuture<Message> reply = new CompletableFuture<>();
        pending.put(id, reply);
        String text = message.toText();
        int routeEnd = text.indexOf(' ');
        send(routeEnd < 0 ? text + " #" + REQUEST_KEY + " " + id
                : text.substring(0, routeEnd) + " #" + REQUEST_KEY + " " + id + text.substring(routeEnd));
        try {
            return await(reply, "the reply to " + message);
        } finally {
            pending.remove(id);
        }
    }

    /**
     * The next event is the connection's close with {@code code}; fails otherwise.
     *
     * @return the close reason
     */
    public String expectClosed(int code) {
        Event event = next("the close " + code);
        if (!(event instanceof Closed close) || close.code() != code) throw failure("expected close " + code + " but got " + event, "close " + code, event);
        return close.reason();
    }

    /** The events taken so far, as text: for a failure message of the test's own. */
    public synchronized List<String> taken() {
        return taken.stream().map(Event::toString).toList();
    }

    /** Sends the close 1000, then drops the connection. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Closed already, or the server is gone: abort below either way.
        }
        socket.abort();
    }

    private Event next(String what) {
        Event event = poll(timeout);
        if (event == null) {
            throw failure("expected " + what + " within " + timeout.toMillis() + " ms but nothing arrived; before: " + taken(), what, "nothing");
        }
        return event;
    }

    private Event poll(Duration wait) {
        try {
            Event event = events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (event != null) {
                synchronized (this) {
                    taken.add(event);
                }
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting", e);
        }
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionFailedError(what + " did not come within " + timeout.toMillis() + " ms; received: " + taken()
                    + " and " + events);
        } catch (ExecutionException e) {
            throw new AssertionFailedError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting for " + what, e);
        }
    }

    private static AssertionFailedError failure(String message, Object expected, Object actual) {
        return new AssertionFailedError(message, expected, String.valueOf(actual));
    }

    private void arrived(String text) {
        Message message;
        try {
            message = Message.parse(text);
        } catch (ParseException e) {
            events.add(new Failed("invalid text from the server (" + e.getMessage() + "): " + text));
            return;
        }
        if (!welcome.isDone() && message.route().equals("@$welcome")) {
            welcome.complete(message.params().get("uuid"));
            return;
        }
        if (!message.params().isEmpty() && message.params().keyAt(0).equals(REPLY_KEY)) {
            CompletableFuture<Message> reply = pending.get(message.params().valueAt(0));
            if (reply != null) {
                reply.complete(Message.of(message.route(), message.params().without(REPLY_KEY)));
                return;
            }
        }
        events.add(new Received(message));
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                arrived(text);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add(new Closed(statusCode, reason));
            pending.values().forEach(reply -> reply.completeExceptionally(new IllegalStateException("closed with " + statusCode)));
            welcome.completeExceptionally(new IllegalStateException("closed with " + statusCode + " before the welcome"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add(new Failed("error " + error));
            welcome.completeExceptionally(error);
        }
    }
}
