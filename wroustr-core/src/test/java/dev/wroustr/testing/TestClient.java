package dev.wroustr.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that is not ours (the JDK's {@code java.net.http.WebSocket}), queueing
 * what arrives: texts as {@code "text"}, a close as {@code "close CODE REASON"}, an error as
 * {@code "error ..."}.
 */
public final class TestClient implements AutoCloseable {
    private final Recorder<String> events = new Recorder<>();
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    private TestClient(URI uri, Map<String, String> headers, boolean autoRead) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new Listener(autoRead)).get(5, TimeUnit.SECONDS);
    }

    public static TestClient connect(URI uri) throws Exception {
        return new TestClient(uri, Map.of(), true);
    }

    public static TestClient connect(URI uri, Map<String, String> headers) throws Exception {
        return new TestClient(uri, headers, true);
    }

    /** A client that reads nothing until {@link #readAll()}: a slow consumer. */
    public static TestClient connectNotReading(URI uri) throws Exception {
        return new TestClient(uri, Map.of(), false);
    }

    public TestClient send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        return this;
    }

    public void sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
    }

    public void readAll() {
        socket.request(Long.MAX_VALUE);
    }

    /** The next event is exactly this text. */
    public void assertText(String expected) {
        assertThat(events.take()).isEqualTo(expected);
    }

    public String take() {
        return events.take();
    }

    public String take(int seconds) {
        return events.take(seconds);
    }

    /** The next event is a close with {@code code}; returns its reason. */
    public String assertClosed(int code) {
        String event = events.take();
        assertThat(event).startsWith("close " + code);
        return event.substring(("close " + code).length()).trim();
    }

    public void assertExhausted() {
        events.assertExhausted(100);
    }

    public WebSocket socket() {
        return socket;
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final boolean autoRead;

        Listener(boolean autoRead) {
            this.autoRead = autoRead;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (autoRead) webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                events.add(partial.toString());
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add("close " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add("error " + error);
        }
    }
}
