package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.CloseCodes;
import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.RawWebSocket;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A frame that breaks RFC 6455 fails its connection with one close frame that names the error (cases the frame fuzzer found). */
@Timeout(20)
class ProtocolErrorTest {

    private static Server<Void> server() {
        return Bystander.echoRoute(new Server<Void>("127.0.0.1:0", null));
    }

    /** Every frame up to the end of the stream. */
    private static List<RawWebSocket.Frame> framesUntilEnd(RawWebSocket raw) throws IOException {
        List<RawWebSocket.Frame> frames = new ArrayList<>();
        try {
            while (true) frames.add(raw.readFrame());
        } catch (EOFException | java.net.SocketException e) {
            return frames;
        }
    }

    @Test
    void aProtocolErrorGetsOneCloseFrameAndNoNormalClosureAfterIt() throws Exception {
        try (var running = server().start();
             var bystander = Bystander.connect(running.uri());
             RawWebSocket raw = RawWebSocket.connect(running.uri())) {
            raw.write(new byte[] {(byte) 0x81, 0x01, 'x'});  // not masked
            List<RawWebSocket.Frame> frames = framesUntilEnd(raw);
            assertThat(frames).extracting(RawWebSocket.Frame::closeCode).containsExactly(CloseCodes.PROTOCOL_ERROR);
            bystander.assertCarriesOn();
        }
    }

    @Test
    void aCloseFrameWithACodeNoPeerMaySendIsNotAnsweredAsANormalClosure() throws Exception {
        try (var running = server().start();
             var bystander = Bystander.connect(running.uri());
             RawWebSocket raw = RawWebSocket.connect(running.uri())) {
            raw.sendFrame(RawWebSocket.CLOSE, true, new byte[] {0x03, (byte) 0xED});  // 1005: for reporting, never sent
            // Failed: the TCP connection ends; a close frame, if one comes, says why (RFC 6455 7.1.7).
            assertThat(framesUntilEnd(raw)).extracting(RawWebSocket.Frame::closeCode)
                    .doesNotContain(CloseCodes.NORMAL).allMatch(code -> code == CloseCodes.PROTOCOL_ERROR);
            bystander.assertCarriesOn();
        }
    }

    @Test
    void aCloseReasonThatEndsInsideACharacterIsMalformedToo() throws Exception {
        try (var running = server().start();
             var bystander = Bystander.connect(running.uri());
             RawWebSocket raw = RawWebSocket.connect(running.uri())) {
            // 1000, "ok" and the first two bytes of the three of "€": not UTF-8.
            raw.sendFrame(RawWebSocket.CLOSE, true, new byte[] {0x03, (byte) 0xE8, 'o', 'k', (byte) 0xE2, (byte) 0x82});
            assertThat(framesUntilEnd(raw)).extracting(RawWebSocket.Frame::closeCode).containsExactly(CloseCodes.PROTOCOL_ERROR);
            bystander.assertCarriesOn();
        }
    }

    /** With compression on, whether the client negotiated it or not: RSV2 and RSV3 mean nothing, RSV1 only starts a compressed message. */
    @ParameterizedTest
    @CsvSource({
            "false, 0xA1, text with RSV2",
            "true, 0x91, text with RSV3",
            "true, 0xC9, ping with RSV1",
            "false, 0xC1, text with RSV1 where deflate was not negotiated",
            "true, 0x40, continuation with RSV1"})
    void reservedBitsNoNegotiatedExtensionDefinesCloseWith1002WithCompressionOn(boolean deflate, String first, String what) throws Exception {
        try (var running = server().compression(true).start();
             var bystander = Bystander.connect(running.uri());
             RawWebSocket raw = RawWebSocket.connect(running.uri(), deflate ? "permessage-deflate" : null)) {
            byte[] frame = RawWebSocket.frame(RawWebSocket.TEXT, true, "@ECHO #v x".getBytes(StandardCharsets.UTF_8));
            frame[0] = (byte) Integer.parseInt(first.substring(2), 16);
            if ((frame[0] & 0x0F) == 0) raw.sendFrame(RawWebSocket.TEXT, false, "@ECHO".getBytes(StandardCharsets.UTF_8));
            raw.write(frame);
            assertThat(framesUntilEnd(raw)).as(what).extracting(RawWebSocket.Frame::closeCode).containsExactly(CloseCodes.PROTOCOL_ERROR);
            bystander.assertCarriesOn();
        }
    }
}
