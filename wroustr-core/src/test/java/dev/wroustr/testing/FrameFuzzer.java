package dev.wroustr.testing;

import dev.wroustr.CloseCodes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;

/**
 * Makes {@link FuzzCase}s from a seed: frames as a hostile or broken client writes them, and the
 * answer RFC 6455, RFC 7692 and PROTOCOL.md require of the server (see {@link ProtocolOracle}
 * for the text). A case that breaks the protocol ends at the frame that breaks it: what a client
 * sends after it is never read, and unread bytes would turn the server's close into a reset.
 */
public final class FrameFuzzer {
    /** The server's {@code maxMessageBytes} the cases are made for: the default. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;
    static final int FIN = 0x80, RSV1 = 0x40, RSV2 = 0x20, RSV3 = 0x10;

    /** Close codes a peer may send (RFC 6455 section 7.4 and the IANA registry), and ones it may not. */
    private static final int[] VALID_CODES = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999};
    private static final int[] INVALID_CODES = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999};
    /** Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, past U+10FFFF, never used. */
    private static final byte[][] NOT_UTF8 = {
            {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC1, (byte) 0xBF},
            {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xFE}, {(byte) 0xFF},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xC3}};
    private static final String[] KINDS = {
            "text", "texts", "utf8-split", "utf8-invalid", "size-edge", "length-encoding", "reserved-bits",
            "reserved-opcode", "unmasked", "bad-sequence", "binary", "close", "ping", "deflate"};

    private final ProtocolOracle oracle;

    public FrameFuzzer(ProtocolOracle oracle) {
        this.oracle = oracle;
    }

    /** The case of {@code seed}: the same seed always makes the same case. */
    public FuzzCase generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean compressionServer = random.nextInt(3) == 0;
        boolean deflate = compressionServer && random.nextBoolean();
        Frames frames = new Frames(random, deflate);
        String kind = KINDS[random.nextInt(KINDS.length)];
        switch (kind) {
            case "text" -> text(frames, oracle.text(random));
            case "texts" -> {
                for (int i = 1 + random.nextInt(5); i > 0; i--) text(frames, oracle.text(random));
            }
            case "utf8-split" -> text(frames, oracle.unicodeText(random));
            case "utf8-invalid" -> utf8Invalid(frames);
            case "size-edge" -> sizeEdge(frames);
            case "length-encoding" -> lengthEncoding(frames);
            case "reserved-bits" -> reservedBits(frames);
            case "reserved-opcode" -> {
                frames.partialMessage();
                int opcode = random.nextBoolean() ? 3 + random.nextInt(5) : 0xB + random.nextInt(5);
                frames.frame(FIN | opcode, frames.bytes(random.nextInt(126)));
                frames.expectClose(CloseCodes.PROTOCOL_ERROR);
            }
            case "unmasked" -> {
                frames.partialMessage();
                int opcode = new int[] {TEXT, PING, CLOSE}[random.nextInt(3)];
                byte[] payload = opcode == CLOSE ? closePayload(1000, "") : ascii("@A #k v");
                frames.frame(FIN | opcode, payload, false, 0);
                frames.expectClose(CloseCodes.PROTOCOL_ERROR);
            }
            case "bad-sequence" -> badSequence(frames);
            case "binary" -> {
                frames.message(BINARY, frames.bytes(random.nextInt(2000)), true);
                frames.expectClose(CloseCodes.UNSUPPORTED_DATA);
            }
            case "close" -> close(frames);
            case "ping" -> {
                for (int i = 1 + random.nextInt(4); i > 0; i--) frames.ping();
            }
            case "deflate" -> deflate(frames);
            default -> throw new IllegalStateException(kind);
        }
        return new FuzzCase(seed, kind, compressionServer, deflate, frames.writes(), frames.count, frames.expected);
    }

    private void text(Frames frames, String text) {
        frames.message(TEXT, text.getBytes(StandardCharsets.UTF_8), true);
        oracle.answers(text).forEach(answer -> frames.expected.add(new FuzzCase.Text(answer)));
    }

    private void utf8Invalid(Frames frames) {
        SplittableRandom random = frames.random;
        byte[] text = oracle.unicodeText(random).getBytes(StandardCharsets.UTF_8);
        byte[] bad = NOT_UTF8[random.nextInt(NOT_UTF8.length)];
        int at = random.nextInt(text.length + 1);
        // At a character's start, so the bytes around it stay UTF-8 and only the inserted ones are not.
        while (at < text.length && (text[at] & 0xC0) == 0x80) at++;
        byte[] payload = new byte[text.length + bad.length];
        System.arraycopy(text, 0, payload, 0, at);
        System.arraycopy(bad, 0, payload, at, bad.length);
        System.arraycopy(text, at, payload, at + bad.length, text.length - at);
        frames.message(TEXT, payload, true);
        frames.expectClose(CloseCodes.INVALID_PAYLOAD);
    }

    private void sizeEdge(Frames frames) {
        SplittableRandom random = frames.random;
        int[] edges = {125, 126, 127, 65535, 65536, MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES + 1, MAX_MESSAGE_BYTES + 1 + random.nextInt(4096)};
        int size = edges[random.nextInt(edges.length)];
        String head = "@PAD #p ";
        byte[] payload = (head + "x".repeat(size - head.length())).getBytes(StandardCharsets.US_ASCII);
        if (size <= MAX_MESSAGE_BYTES) {
            frames.message(TEXT, payload, true);
            oracle.answers(new String(payload, StandardCharsets.US_ASCII)).forEach(a -> frames.expected.add(new FuzzCase.Text(a)));
        } else if (!frames.deflate && random.nextBoolean()) {
            // One frame whose header says too much: refused on the header, so the rest need not come.
            byte[] frame = frames.frameBytes(FIN | TEXT, payload, true, 0);
            int sent = random.nextBoolean() ? frame.length : 14 + random.nextInt(1024);
            frames.raw(Arrays.copyOf(frame, sent));
            frames.expectClose(CloseCodes.MESSAGE_TOO_BIG);
        } else {
            // Fragments under the limit each, over it together (or inflated): no pings, as where the
            // limit bites in an inflated stream is not known here.
            frames.message(TEXT, payload, false);
            frames.expectClose(CloseCodes.MESSAGE_TOO_BIG);
        }
    }

    private void lengthEncoding(Frames frames) {
        SplittableRandom random = frames.random;
        switch (random.nextInt(3)) {
            case 0 -> {
                // RFC 6455 5.2: the minimal number of bytes MUST be used to encode the length.
                byte[] payload = ascii("@A #k " + "v".repeat(random.nextInt(200)));
                int form = payload.length < 126 ? (random.nextBoolean() ? 2 : 8) : 8;
                frames.frame(FIN | TEXT, payload, true, form);
                frames.expectClose(CloseCodes.PROTOCOL_ERROR);
            }
            case 1 -> {
                // The most significant bit of a 64-bit length MUST be 0.
                frames.raw(new byte[] {(byte) (FIN | TEXT), (byte) (0x80 | 127), (byte) (0x80 | random.nextInt(128)), 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4});
                frames.expectClose(CloseCodes.PROTOCOL_ERROR);
            }
            default -> {
                // A 64-bit length far over the limit: refused before its payload.
                long length = MAX_MESSAGE_BYTES + 1L + (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL);
                byte[] header = new byte[14];
                header[0] = (byte) (FIN | TEXT);
                header[1] = (byte) (0x80 | 127);
                for (int i = 0; i < 8; i++) header[2 + i] = (byte) (length >>> (56 - 8 * i));
                frames.raw(header);
                frames.expectClose(CloseCodes.MESSAGE_TOO_BIG);
            }
        }
    }

    private void reservedBits(Frames frames) {
        SplittableRandom random = frames.random;
        frames.partialMessage();
        boolean inMessage = frames.open;
        int opcode = inMessage ? new int[] {CONTINUATION, PING, PONG}[random.nextInt(3)] : new int[] {TEXT, BINARY, PING, CLOSE}[random.nextInt(4)];
        // RSV1 is permessage-deflate's, and only on the first frame of a data message.
        boolean rsv1Allowed = frames.deflate && (opcode == TEXT || opcode == BINARY);
        int rsv = new int[] {RSV2, RSV3, RSV2 | RSV3, RSV1 | RSV2, RSV1}[random.nextInt(rsv1Allowed ? 4 : 5)];
        byte[] payload = opcode == CLOSE ? closePayload(1000, "") : ascii("@A #k v");
        frames.frame(FIN | rsv | opcode, payload, true, 0);
        frames.expectClose(CloseCodes.PROTOCOL_ERROR);
    }

    private void badSequence(Frames frames) {
        SplittableRandom random = frames.random;
        switch (random.nextInt(4)) {
            case 0 -> frames.frame(random.nextBoolean() ? FIN : 0, ascii("@A #k v"));          // continuation, nothing to continue
            case 1 -> {
                frames.partialMessage();
                if (!frames.open) frames.frame(TEXT, ascii("@A #k"));
                frames.frame(FIN | (random.nextBoolean() ? TEXT : BINARY), ascii("@B"));  // a new message inside one
            }
            case 2 -> {
                frames.partialMessage();
                int opcode = new int[] {PING, PONG, CLOSE}[random.nextInt(3)];
                frames.frame(opcode, opcode == CLOSE ? closePayload(1000, "") : ascii("x"));  // a control frame fragmented
            }
            default -> {
                frames.partialMessage();
                int opcode = new int[] {PING, PONG, CLOSE}[random.nextInt(3)];
                // Control frames carry at most 125 bytes: a close with a reason too long, say.
                byte[] payload = opcode == CLOSE ? closePayload(1000, "r".repeat(124 + random.nextInt(500)))
                        : frames.bytes(126 + random.nextInt(500));
                frames.frame(FIN | opcode, payload);
            }
        }
        frames.expectClose(CloseCodes.PROTOCOL_ERROR);
    }

    private void close(Frames frames) {
        SplittableRandom random = frames.random;
        frames.partialMessage();
        switch (random.nextInt(5)) {
            case 0 -> {
                frames.frame(FIN | CLOSE, new byte[0]);
                frames.expectClose(CloseCodes.NORMAL);
            }
            case 1 -> {
                frames.frame(FIN | CLOSE, new byte[] {(byte) random.nextInt(256)});
                frames.expectClose(CloseCodes.PROTOCOL_ERROR);
            }
            case 2 -> {
                frames.frame(FIN | CLOSE, closePayload(INVALID_CODES[random.nextInt(INVALID_CODES.length)], ""));
                frames.expectClose(CloseCodes.PROTOCOL_ERROR);
            }
            case 3 -> {
                // RFC 6455 8.1: a close reason that is not UTF-8 fails the connection. The server says 1002, as
                // for every malformed close frame (Netty's decoder tells it no more; DISCONNECTED gets 1007).
                byte[] reason = NOT_UTF8[random.nextInt(NOT_UTF8.length)];
                byte[] payload = Arrays.copyOf(closePayload(1000, "ok "), 5 + reason.length);
                System.arraycopy(reason, 0, payload, 5, reason.length);
                frames.frame(FIN | CLOSE, payload);
                frames.expectClose(CloseCodes.PROTOCOL_ERROR);
            }
            default -> {
                int code = VALID_CODES[random.nextInt(VALID_CODES.length)];
                String reason = "é".repeat(random.nextInt(62));  // up to 123 bytes with the code
                frames.frame(FIN | CLOSE, closePayload(code, reason));
                frames.expectClose(code);
            }
        }
    }

    private void deflate(Frames frames) {
        SplittableRandom random = frames.random;
        if (!frames.deflate) {
            text(frames, oracle.text(random));
            return;
        }
        switch (random.nextInt(3)) {
            case 0 -> {
                // A deflate block of the reserved type 11: the stream cannot be inflated.
                byte[] payload = frames.bytes(1 + random.nextInt(100));
                payload[0] = (byte) (payload[0] | 0x06);
                frames.frame(FIN | RSV1 | TEXT, payload);
                frames.expectClose(CloseCodes.INVALID_PAYLOAD);
            }
            case 1 -> {
                byte[] bomb = compress(new byte[MAX_MESSAGE_BYTES + 1 + random.nextInt(8 * 1024 * 1024)]);
                frames.frame(FIN | RSV1 | TEXT, bomb);
                frames.expectClose(CloseCodes.MESSAGE_TOO_BIG);
            }
            default -> {
                byte[] payload = Arrays.copyOf(ascii("@A #k v"), 7 + 1);
                payload[7] = NOT_UTF8[random.nextInt(NOT_UTF8.length)][0];
                frames.frame(FIN | RSV1 | TEXT, compress(payload));
                frames.expectClose(CloseCodes.INVALID_PAYLOAD);
            }
        }
    }

    static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** One message compressed as permessage-deflate sends it: raw deflate, flushed, the final 00 00 FF FF left off. */
    public static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
        deflater.end();
        byte[] bytes = out.toByteArray();
        return bytes.length >= 4 ? Arrays.copyOf(bytes, bytes.length - 4) : bytes;
    }

    /** The frames of one case as they are made, and what they must get. */
    static final class Frames {
        final SplittableRandom random;
        final boolean deflate;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<FuzzCase.Expected> expected = new ArrayList<>();
        int count;
        /** A fragmented message is under way. */
        boolean open;

        Frames(SplittableRandom random, boolean deflate) {
            this.random = random;
            this.deflate = deflate;
        }

        byte[] bytes(int length) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) bytes[i] = (byte) random.nextInt(256);
            return bytes;
        }

        void expectClose(int code) {
            expected.add(new FuzzCase.Close(code));
        }

        void raw(byte[] bytes) {
            out.writeBytes(bytes);
            count++;
        }

        void frame(int first, byte[] payload) {
            frame(first, payload, true, 0);
        }

        /** @param lengthBytes 0 for the minimal length encoding, else 2 or 8 extra bytes whatever the length */
        void frame(int first, byte[] payload, boolean masked, int lengthBytes) {
            raw(frameBytes(first, payload, masked, lengthBytes));
        }

        byte[] frameBytes(int first, byte[] payload, boolean masked, int lengthBytes) {
            byte[] mask = new byte[4];
            // A mask of zeros now and then: present, and leaving the bytes as they are.
            if (random.nextInt(8) != 0) {
                for (int i = 0; i < 4; i++) mask[i] = (byte) random.nextInt(256);
            }
            return RawWebSocket.frame(first, payload, masked ? mask : null, lengthBytes);
        }

        /** A ping (answered with a pong of its payload) or an unsolicited pong (ignored). */
        void ping() {
            byte[] payload = bytes(random.nextInt(4) == 0 ? 125 : random.nextInt(20));
            if (random.nextInt(4) == 0) {
                frame(FIN | PONG, payload);
            } else {
                frame(FIN | PING, payload);
                expected.add(new FuzzCase.Pong(payload));
            }
        }

        /**
         * A whole message in fragments cut anywhere (inside a UTF-8 character too), compressed at
         * random where deflate was negotiated, with pings and pongs between its frames if {@code noise}.
         */
        void message(int opcode, byte[] payload, boolean noise) {
            boolean compressed = deflate && random.nextBoolean();
            byte[] wire = compressed ? compress(payload) : payload;
            int pieces = random.nextInt(3) == 0 ? 1 : 2 + random.nextInt(random.nextInt(10) == 0 ? 60 : 6);
            int[] cuts = cuts(wire.length, pieces);
            for (int i = 0; i < pieces; i++) {
                boolean last = i == pieces - 1;
                int first = (last ? FIN : 0) | (i == 0 ? opcode | (compressed ? RSV1 : 0) : CONTINUATION);
                frame(first, Arrays.copyOfRange(wire, cuts[i], cuts[i + 1]));
                if (!last && noise && random.nextInt(3) == 0) ping();
            }
        }

        /** Sometimes the first fragments of a text message, with pings between: the frame after them interrupts it. */
        void partialMessage() {
            if (random.nextBoolean()) return;
            byte[] payload = ascii("@PART #p " + "y".repeat(random.nextInt(300)));
            int pieces = 1 + random.nextInt(4);
            int[] cuts = cuts(payload.length, pieces + 1);
            for (int i = 0; i < pieces; i++) {
                frame(i == 0 ? TEXT : CONTINUATION, Arrays.copyOfRange(payload, cuts[i], cuts[i + 1]));
                if (random.nextBoolean()) ping();
            }
            open = true;
        }

        private int[] cuts(int length, int pieces) {
            int[] cuts = new int[pieces + 1];
            for (int i = 1; i < pieces; i++) cuts[i] = random.nextInt(length + 1);
            cuts[pieces] = length;
            Arrays.sort(cuts, 1, pieces);
            return cuts;
        }

        /** The bytes in one write, or cut into several (a frame header in two TCP segments, say). */
        List<byte[]> writes() {
            byte[] all = out.toByteArray();
            if (random.nextInt(3) != 0 || all.length < 2) return List.of(all);
            int pieces = 2 + random.nextInt(Math.min(all.length - 1, 8));
            int[] cuts = cuts(all.length, pieces);
            List<byte[]> writes = new ArrayList<>();
            for (int i = 0; i < pieces; i++) {
                if (cuts[i + 1] > cuts[i]) writes.add(Arrays.copyOfRange(all, cuts[i], cuts[i + 1]));
            }
            return writes;
        }
    }
}
