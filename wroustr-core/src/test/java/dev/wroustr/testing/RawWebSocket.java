package dev.wroustr.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket peer on a plain {@link Socket}, for what well-behaved clients never do: invalid
 * UTF-8, hand-made frames, a handshake and then silence, or bare HTTP at the door.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** A frame as read: its opcode and payload. */
    public record Frame(int opcode, byte[] payload) {
        /** The close code of a close frame, or -1. */
        public int closeCode() {
            return opcode == CLOSE && payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        public String text() {
            int from = opcode == CLOSE ? Math.min(2, payload.length) : 0;
            return new String(payload, from, payload.length - from, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens TCP only: the caller speaks (or does not speak) HTTP. */
    public static RawWebSocket open(URI uri) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(5000);
        return new RawWebSocket(socket);
    }

    /** Opens TCP and completes the upgrade; fails unless the answer is 101. */
    public static RawWebSocket connect(URI uri) throws IOException {
        RawWebSocket raw = open(uri);
        raw.writeRaw(upgradeRequest(uri));
        String head = raw.readHead();
        assertThat(head).startsWith("HTTP/1.1 101");
        return raw;
    }

    /** A valid upgrade request for {@code uri}'s path. */
    public static String upgradeRequest(URI uri) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return "GET " + (uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
    }

    public void writeRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads an HTTP response head up to the blank line (or the end of the stream). */
    public String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status code of the HTTP response head that comes next. */
    public int readStatus() throws IOException {
        String head = readHead();
        assertThat(head).as("an HTTP response").startsWith("HTTP/1.1 ");
        return Integer.parseInt(head.substring(9, 12));
    }

    /** Sends one masked frame, as a client must. */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        write(frame(opcode, fin, payload));
    }

    /** Writes bytes as they are: several frames made with {@link #frame} at once, say. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One masked frame's bytes. */
    public static byte[] frame(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) ((long) payload.length >>> shift));
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i & 3]);
        return frame.toByteArray();
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the next frame from the server (unmasked, as servers send). */
    public Frame readFrame() throws IOException {
        int first = readByte();
        int second = readByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) length = (length << 8) | readByte();
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) throw new EOFException("stream ended inside a frame");
        return new Frame(first & 0x0F, payload);
    }

    /** Reads frames, skipping pings, until a close frame; returns it. */
    public Frame readClose() throws IOException {
        Frame frame;
        do {
            frame = readFrame();
        } while (frame.opcode() != CLOSE);
        return frame;
    }

    /** True once the server has closed the TCP connection (reads up to the end, skipping what comes). */
    public boolean awaitEndOfStream() throws IOException {
        try {
            while (in.read() >= 0) {
                // Skip whatever the server still sends.
            }
            return true;
        } catch (java.net.SocketException e) {
            return true; // reset by the server: closed as well
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("stream ended");
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
