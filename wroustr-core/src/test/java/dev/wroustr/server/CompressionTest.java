package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.CloseCodes;
import dev.wroustr.Dispatcher;
import dev.wroustr.Message;
import dev.wroustr.Params;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.FrameFuzzer;
import dev.wroustr.testing.NettyWebSocketClient;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** permessage-deflate (RFC 7692): negotiated with a client that is not ours and with the Connector; the size limit on inflated bytes. */
@Timeout(20)
class CompressionTest {
    private final Recorder<Params> disconnected = new Recorder<>();

    private Server<Void> server(boolean compression) {
        var server = new Server<Void>("127.0.0.1:0", null).compression(compression);
        Bystander.echoRoute(server);
        server.route("@ALL", (params, dispatcher, state) ->
                dispatcher.broadcast(Message.route("@ALL").param("v", params.require("v"))));
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params));
        return server;
    }

    @Test
    void nettyClientNegotiatesDeflateAndMessagesRoundTrip() throws Exception {
        try (var running = server(true).start();
             var client = NettyWebSocketClient.connect(running.uri(), true)) {
            assertThat(client.responseHeaders().get("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
            client.send("@ECHO #v hello");
            client.assertText("@ECHO #v hello");
            String big = "abc".repeat(10_000);  // a 16-bit and a 64-bit length header before compression
            client.send("@ECHO #v " + big);
            client.assertText("@ECHO #v " + big);
            client.send("@ALL #v everyone");  // the broadcast's shared frame, compressed per connection
            client.assertText("@ALL #v everyone");
            assertThat(client.compressedFrames()).isEqualTo(3);
        }
    }

    @Test
    void connectorWithCompressionTalksToServerWithCompression() throws Exception {
        Recorder<String> offered = new Recorder<>();
        Recorder<String> received = new Recorder<>();
        var server = server(true).handshakeCheck((request, state) -> {
            offered.add(String.valueOf(request.header("Sec-WebSocket-Extensions")));
            return HandshakeResult.accept();
        });
        try (var running = server.start();
             var connector = new Connector<Void>(running.uri().toString(), null)
                     .compression(true)
                     .reconnect(Reconnect.never())
                     .route("@ECHO", (Params params, Dispatcher dispatcher, Void state) -> received.add(params.require("v")))) {
            connector.connect().get();
            assertThat(offered.take()).startsWith("permessage-deflate");
            String big = "xyz".repeat(20_000);
            connector.send(Message.route("@ECHO").param("v", "small"));
            connector.send(Message.route("@ECHO").param("v", big));
            assertThat(received.take()).isEqualTo("small");
            assertThat(received.take()).isEqualTo(big);
        }
    }

    @Test
    void deflateBombClosesWith1009() throws Exception {
        byte[] bomb = deflate(new byte[10 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(64 * 1024);  // under the limit on the wire, far over it inflated
        try (var running = server(true).start();
             var bystander = Bystander.connect(running.uri());
             var client = NettyWebSocketClient.connect(running.uri(), true)) {
            // RSV1 set: the client's deflate encoder leaves the frame as it is.
            client.send(new TextWebSocketFrame(true, WebSocketExtension.RSV1, Unpooled.wrappedBuffer(bomb)));
            assertThat(client.take()).isEqualTo("close " + CloseCodes.MESSAGE_TOO_BIG);
            assertThat(disconnected.take().get("code")).isEqualTo("1009");
            bystander.assertCarriesOn();
        }
    }

    /** RFC 7692 lets a client cut its deflate stream anywhere: a first fragment of one byte inflates to nothing alone. */
    @Test
    void aCompressedMessageCutAnywhereIsInflatedWhole() throws Exception {
        byte[] compressed = deflate("@ECHO #v cut-anywhere".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (var running = server(true).start();
             var client = NettyWebSocketClient.connect(running.uri(), true)) {
            // RSV1 set on the first: the client's deflate encoder leaves both frames as they are.
            client.send(new TextWebSocketFrame(false, WebSocketExtension.RSV1, Unpooled.wrappedBuffer(compressed, 0, 1)));
            client.send(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(compressed, 1, compressed.length - 1)));
            client.assertText("@ECHO #v cut-anywhere");
        }
    }

    /** The limit holds inflated as it does plain: a message of exactly maxMessageBytes is taken, one byte more is not. */
    @Test
    void aCompressedMessageOfExactlyTheLimitIsTakenAndOneByteMoreClosesWith1009() throws Exception {
        var server = server(true).route("@BIG", (params, dispatcher, state) ->
                dispatcher.send(Message.route("@BIG").param("length", params.require("v").length())));
        int limit = 64 * 1024;
        try (var running = server.start();
             var client = NettyWebSocketClient.connect(running.uri(), true)) {
            for (int length : new int[] {limit - 1, limit, limit + 1}) {
                byte[] text = ("@BIG #v " + "x".repeat(length - 8)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                client.send(new TextWebSocketFrame(true, WebSocketExtension.RSV1, Unpooled.wrappedBuffer(deflate(text))));
                // Each answered before the next goes: the one that closes would drop an answer still on its way.
                assertThat(client.take()).isEqualTo(length <= limit ? "@BIG #length " + (length - 8) : "close " + CloseCodes.MESSAGE_TOO_BIG);
            }
        }
    }

    @Test
    void corruptDeflateDataClosesWith1007() throws Exception {
        byte[] corrupt = new byte[16];
        Arrays.fill(corrupt, (byte) 0xFF);  // a final block of the reserved type 11
        try (var running = server(true).start();
             var client = NettyWebSocketClient.connect(running.uri(), true)) {
            client.send(new TextWebSocketFrame(true, WebSocketExtension.RSV1, Unpooled.wrappedBuffer(corrupt)));
            assertThat(client.take()).isEqualTo("close " + CloseCodes.INVALID_PAYLOAD);
            assertThat(disconnected.take().get("code")).isEqualTo("1007");
        }
    }

    @Test
    void connectorClosesWith1009OnAMessageThatInflatesPastItsLimit() throws Exception {
        Recorder<String> closed = new Recorder<>();
        var server = server(true).maxMessageBytes(1024 * 1024);
        try (var running = server.start();
             var connector = new Connector<Void>(running.uri().toString(), null)
                     .compression(true)
                     .maxMessageBytes(64 * 1024)
                     .reconnect(Reconnect.never())
                     .route("DISCONNECTED", (params, dispatcher, state) -> closed.add(params.require("code")))) {
            connector.connect().get();
            // 100 KB of one letter: a few hundred bytes on the wire, over the client's limit inflated.
            connector.send(Message.route("@ECHO").param("v", "a".repeat(100_000)));
            assertThat(closed.take()).isEqualTo("1009");
            assertThat(disconnected.take().get("code")).isEqualTo("1009");
        }
    }

    @Test
    void compressionIsOffByDefault() throws Exception {
        try (var running = server(false).start();
             var raw = RawWebSocket.open(running.uri())) {
            raw.writeRaw(RawWebSocket.upgradeRequest(running.uri())
                    .replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"));
            String head = raw.readHead();
            assertThat(head).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
        }
        try (var running = server(false).start();
             var client = NettyWebSocketClient.connect(running.uri(), true)) {
            assertThat(client.responseHeaders().get("Sec-WebSocket-Extensions")).isNull();
            client.send("@ECHO #v plain");
            client.assertText("@ECHO #v plain");
            assertThat(client.compressedFrames()).isZero();
        }
    }

    /** A permessage-deflate payload: raw deflate, flushed, without the final 00 00 FF FF (RFC 7692, 7.2.1). */
    private static byte[] deflate(byte[] data) {
        return FrameFuzzer.compress(data);
    }
}
