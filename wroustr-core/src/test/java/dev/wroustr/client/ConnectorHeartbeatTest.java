package dev.wroustr.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.Params;
import dev.wroustr.server.Server;
import dev.wroustr.testing.Recorder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's heartbeat: a server that goes silent after the upgrade is given up on. */
@Timeout(20)
class ConnectorHeartbeatTest {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    @Test
    void connectorClosesAConnectionWhoseServerFallsSilent() throws Exception {
        Recorder<Params> disconnected = new Recorder<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var connector = new Connector<Void>("ws://127.0.0.1:" + listener.getLocalPort() + "/", null)
                     .pingInterval(Duration.ofMillis(100))
                     .idleTimeout(Duration.ofMillis(400))
                     .reconnect(Reconnect.never())
                     .route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params))) {
            var connecting = connector.connect();
            try (Socket silent = listener.accept()) {
                upgrade(silent);
                connecting.get(5, TimeUnit.SECONDS);
                // From here the server neither reads nor writes: no pong ever comes back.
                Params gone = disconnected.take();
                assertThat(gone.get("code")).isEqualTo("1001");
                assertThat(gone.get("reason")).isEqualTo("idle timeout");
                assertThat(connector.isConnected()).isFalse();
            }
        }
    }

    @Test
    void connectorGivesUpOnAServerThatStopsReadingWhileItsSendsPileUp() throws Exception {
        Recorder<Params> disconnected = new Recorder<>();
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(4096);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            try (var connector = new Connector<Void>("ws://127.0.0.1:" + listener.getLocalPort() + "/", null)
                    .pingInterval(Duration.ofMillis(300))
                    .idleTimeout(Duration.ofMillis(1500))
                    .maxOutboundBytes(64 * 1024)
                    .reconnect(Reconnect.never())
                    .route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params))) {
                var connecting = connector.connect();
                try (Socket frozen = listener.accept()) {
                    upgrade(frozen);
                    connecting.get(5, TimeUnit.SECONDS);
                    // The server reads nothing more: for 1 s, sends fill both ends' socket buffers
                    // and then the client's queue, kept full as the kernel takes what it can.
                    String big = "@BIG #v " + "x".repeat(8000);
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    while (System.nanoTime() < end) {
                        if (!connector.send(big)) Thread.sleep(1);
                    }
                    // The idle timeout's close frame waits behind them for good: the socket is cut after a grace.
                    Params gone = disconnected.take(10);
                    assertThat(gone.get("code")).isEqualTo("1001");
                    assertThat(connector.isConnected()).isFalse();
                }
            }
        }
    }

    @Test
    void timeTheClientSpendsNotReadingWhileItsHandlersCatchUpIsNotTheServersSilence() throws Exception {
        Recorder<String> events = new Recorder<>();
        var server = new Server<Void>("127.0.0.1:0", null)
                .route("@GO", (params, dispatcher, state) -> {
                    for (int n = 0; n < 10; n++) dispatcher.send("@N #n " + n);
                });
        try (var running = server.start();
             var connector = new Connector<Void>(running.uri().toString(), null)
                     .maxQueuedMessages(2)
                     .pingInterval(Duration.ofMillis(100))
                     .idleTimeout(Duration.ofMillis(400))
                     .route("@N", (params, dispatcher, state) -> {
                         Thread.sleep(150);
                         events.add("@N " + params.get("n"));
                     })
                     .route("DISCONNECTED", (params, dispatcher, state) -> events.add("DISCONNECTED " + params))) {
            connector.connect().get(5, TimeUnit.SECONDS);
            connector.send("@GO");
            // The client stops reading for their 1.5 s of handling, over three idle timeouts.
            for (int n = 0; n < 10; n++) assertThat(events.take()).isEqualTo("@N " + n);
            events.assertExhausted(600);
        }
    }

    /** Reads the upgrade request and accepts it, selecting no subprotocol: a server that sends no welcome. */
    private static void upgrade(Socket socket) throws Exception {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IllegalStateException("no upgrade request: " + head);
            head.append((char) b);
        }
        Matcher key = Pattern.compile("(?im)^sec-websocket-key:\\s*(\\S+)").matcher(head);
        assertThat(key.find()).as(head.toString()).isTrue();
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key.group(1) + GUID).getBytes(StandardCharsets.US_ASCII)));
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
