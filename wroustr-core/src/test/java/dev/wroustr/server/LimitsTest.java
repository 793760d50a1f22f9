package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.CloseCodes;
import dev.wroustr.Params;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Message limits: size (1009), binary (1003), UTF-8 (1007), params (INVALID); the others carry on. */
@Timeout(20)
class LimitsTest {
    private final Recorder<Params> invalid = new Recorder<>();
    private final Recorder<Params> disconnected = new Recorder<>();
    private RunningServer running;
    private Bystander bystander;

    @BeforeEach
    void start() throws Exception {
        var server = new Server<Void>("127.0.0.1:0", null)
                .maxMessageBytes(1024)
                .maxParams(4);
        server.route("INVALID", (params, dispatcher, state) -> invalid.add(params));
        server.route("DISCONNECTED", (params, dispatcher, state) -> disconnected.add(params));
        Bystander.echoRoute(server);
        running = server.start();
        bystander = Bystander.connect(running.uri());
    }

    @AfterEach
    void stop() {
        bystander.close();
        running.close();
    }

    @Test
    void oversizedMessageClosesWith1009() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@ECHO #v " + "x".repeat(2000));
            client.assertClosed(CloseCodes.MESSAGE_TOO_BIG);
            assertThat(disconnected.take().get("code")).isEqualTo("1009");
        }
        bystander.assertCarriesOn();
    }

    @Test
    void oversizedFragmentedMessageClosesWith1009() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            // Each fragment is under the limit; together they are not.
            client.socket().sendText("@ECHO #v " + "a".repeat(600), false).get(5, TimeUnit.SECONDS);
            client.socket().sendText("b".repeat(600), false).get(5, TimeUnit.SECONDS);
            client.socket().sendText("c".repeat(600), true).get(5, TimeUnit.SECONDS);
            client.assertClosed(CloseCodes.MESSAGE_TOO_BIG);
            assertThat(disconnected.take().get("code")).isEqualTo("1009");
        }
        bystander.assertCarriesOn();
    }

    @Test
    void fragmentedMessageUnderTheLimitArrivesWhole() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.socket().sendText("@ECHO #v ", false).get(5, TimeUnit.SECONDS);
            client.socket().sendText("one-", false).get(5, TimeUnit.SECONDS);
            client.socket().sendText("two", true).get(5, TimeUnit.SECONDS);
            client.assertText("@ECHO #v one-two");
        }
        bystander.assertCarriesOn();
    }

    @Test
    void binaryMessageClosesWith1003() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.sendBinary(new byte[] {1, 2, 3});
            client.assertClosed(CloseCodes.UNSUPPORTED_DATA);
            assertThat(disconnected.take().get("code")).isEqualTo("1003");
        }
        bystander.assertCarriesOn();
    }

    @Test
    void invalidUtf8ClosesWith1007() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(running.uri())) {
            byte[] text = "@ECHO #v ".getBytes(StandardCharsets.US_ASCII);
            byte[] payload = new byte[text.length + 2];
            System.arraycopy(text, 0, payload, 0, text.length);
            payload[text.length] = (byte) 0xC3;      // a lead byte...
            payload[text.length + 1] = (byte) 0x28;  // ...followed by no continuation byte
            raw.sendFrame(RawWebSocket.TEXT, true, payload);
            assertThat(raw.readClose().closeCode()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
            assertThat(disconnected.take().get("code")).isEqualTo("1007");
        }
        bystander.assertCarriesOn();
    }

    @Test
    void invalidUtf8EndsTheConnectionAndWhatFollowsIsNotHandled() throws Exception {
        // Bytes that look like UTF-8 in part: an encoded surrogate, an overlong slash, a sequence
        // cut short by the end of the message.
        byte[][] bad = {{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}};
        byte[] text = "@ECHO #v ".getBytes(StandardCharsets.US_ASCII);
        for (byte[] tail : bad) {
            try (RawWebSocket raw = RawWebSocket.connect(running.uri())) {
                byte[] payload = concat(text, tail);
                raw.write(concat(RawWebSocket.frame(RawWebSocket.TEXT, true, payload),
                        RawWebSocket.frame(RawWebSocket.TEXT, true, "@ECHO #v after".getBytes(StandardCharsets.US_ASCII))));
                assertThat(raw.readFrame().closeCode()).as("the close, and no echo before it").isEqualTo(CloseCodes.INVALID_PAYLOAD);
                assertThat(disconnected.take().get("code")).isEqualTo("1007");
            }
        }
        bystander.assertCarriesOn();
    }

    @Test
    void everyUtf8TextPassesTheCheckEvenOneHoldingTheReplacementChar() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(running.uri())) {
            String text = "@ECHO #v '\uFFFD caf\u00E9 \u4F60\u597D \uD83D\uDE00 \uFFFD'";
            raw.sendText(text);
            assertThat(raw.readFrame().text()).isEqualTo(text);
            // A char split between two fragments is whole in the message.
            byte[] bytes = "@ECHO #v \u20AC".getBytes(StandardCharsets.UTF_8);
            raw.sendFrame(RawWebSocket.TEXT, false, Arrays.copyOf(bytes, bytes.length - 2));
            raw.sendFrame(0x0, true, Arrays.copyOfRange(bytes, bytes.length - 2, bytes.length));
            assertThat(raw.readFrame().text()).isEqualTo("@ECHO #v \u20AC");
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void tooManyParamsGoesToInvalidAndConnectionStaysOpen() throws Exception {
        try (TestClient client = TestClient.connect(running.uri())) {
            client.send("@ECHO #v 1 #a 2 #b 3 #c 4 #d 5");
            assertThat(invalid.take().get("error")).isEqualTo("too-many-params");
            client.send("@ECHO #v ok");
            client.assertText("@ECHO #v ok");
            client.assertExhausted();
        }
        bystander.assertCarriesOn();
    }
}
