package dev.wroustr.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket peer on a plain {@link Socket}, for what well-behaved peers never do: invalid
 * UTF-8, hand-made frames, a handshake and then silence, or bare HTTP at the door. A client
 * unless made by {@link #accept}.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** A frame as read: its opcode, payload, FIN bit and reserved bits (RSV1 is 0x4). */
    public record Frame(int opcode, byte[] payload, boolean fin, int rsv) {
        public Frame(int opcode, byte[] payload) {
            this(opcode, payload, true, 0);
        }

        /** The close code of a close frame, or -1. */
        public int closeCode() {
            return opcode == CLOSE && payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        public String text() {
            int from = opcode == CLOSE ? Math.min(2, payload.length) : 0;
            return new String(payload, from, payload.length - from, StandardCharsets.UTF_8);
        }
    }

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean client;

    private RawWebSocket(Socket socket, boolean client) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.client = client;
    }

    /** Accepts one connection on {@code server} and answers its upgrade request, as a server. */
    public static RawWebSocket accept(ServerSocket server) throws IOException {
        return accept(server, null);
    }

    /** Accepts one connection and answers its upgrade request, selecting {@code subprotocol} (or none). */
    public static RawWebSocket accept(ServerSocket server, String subprotocol) throws IOException {
        Socket socket = server.accept();
        socket.setSoTimeout(5000);
        RawWebSocket raw = new RawWebSocket(socket, false);
        String key = raw.readHead().lines()
                .filter(line -> line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18))
                .map(line -> line.substring(18).trim())
                .findFirst().orElseThrow(() -> new IOException("no Sec-WebSocket-Key"));
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        raw.writeRaw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n");
        return raw;
    }

    /** Opens TCP only: the caller speaks (or does not speak) HTTP. */
    public static RawWebSocket open(URI uri) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(5000);
        // A frame written in pieces goes out piece by piece, not held back for the server's ACK.
        socket.setTcpNoDelay(true);
        return new RawWebSocket(socket, true);
    }

    /** Opens TCP and completes the upgrade; fails unless the answer is 101. */
    public static RawWebSocket connect(URI uri) throws IOException {
        return connect(uri, null);
    }

    /** Opens TCP and completes the upgrade offering {@code extensions} (none if null); fails unless the answer is 101. */
    public static RawWebSocket connect(URI uri, String extensions) throws IOException {
        RawWebSocket raw = open(uri);
        raw.writeRaw(upgradeRequest(uri, extensions));
        String head = raw.readHead();
        assertThat(head).startsWith("HTTP/1.1 101");
        return raw;
    }

    /**
     * A resume (PROTOCOL.md section 11) of the session of {@code secret}, having received
     * {@code received}, with {@code query} for the handshake checks.
     */
    public static RawWebSocket resuming(URI uri, String query, String secret, long received) throws IOException {
        return connectWith(uri, query + "&wroustr-resume=1&wroustr-session=" + secret + "&wroustr-received=" + received, "wroustr.v1");
    }

    /**
     * Opens TCP and upgrades with {@code query} added to the path (or none) and offering
     * {@code subprotocol} (or none); fails unless the answer is 101.
     */
    public static RawWebSocket connectWith(URI uri, String query, String subprotocol) throws IOException {
        RawWebSocket raw = open(uri);
        String request = upgradeRequest(uri);
        if (query != null) {
            String path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            request = request.replaceFirst("GET " + java.util.regex.Pattern.quote(path) + " ", java.util.regex.Matcher.quoteReplacement("GET " + path + "?" + query + " "));
        }
        if (subprotocol != null) request = request.replace("\r\n\r\n", "\r\nSec-WebSocket-Protocol: " + subprotocol + "\r\n\r\n");
        raw.writeRaw(request);
        String head = raw.readHead();
        assertThat(head).startsWith("HTTP/1.1 101");
        return raw;
    }

    /** Ends the connection with a reset, no close frame: as a dropped network does. */
    public void cut() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** A valid upgrade request for {@code uri}'s path. */
    public static String upgradeRequest(URI uri) {
        return upgradeRequest(uri, null);
    }

    /** A valid upgrade request for {@code uri}'s path that offers {@code extensions} (none if null). */
    public static String upgradeRequest(URI uri, String extensions) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return "GET " + (uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
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

    /** The next {@code length} bytes, as ISO-8859-1 text: an HTTP body of that Content-Length, say. */
    public String readText(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) throw new EOFException("stream ended after " + bytes.length + " of " + length + " bytes");
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The status code of the HTTP response head that comes next. */
    public int readStatus() throws IOException {
        String head = readHead();
        assertThat(head).as("an HTTP response").startsWith("HTTP/1.1 ");
        return Integer.parseInt(head.substring(9, 12));
    }

    /** Sends one frame: masked from a client, as it must be, and bare from a server. */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        write(frame(opcode, fin, payload, client));
    }

    /** Writes bytes as they are: several frames made with {@link #frame} at once, say. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One masked frame's bytes. */
    public static byte[] frame(int opcode, boolean fin, byte[] payload) {
        return frame(opcode, fin, payload, true);
    }

    private static byte[] frame(int opcode, boolean fin, byte[] payload, boolean masked) {
        byte[] mask = new byte[4];
        if (masked) ThreadLocalRandom.current().nextBytes(mask);
        return frame((fin ? 0x80 : 0) | opcode, payload, masked ? mask : null, 0);
    }

    /**
     * Any frame's bytes: {@code first} is its first byte as it goes (FIN, RSV bits, opcode), no
     * mask where {@code mask} is null, and the length in the shortest form where
     * {@code lengthBytes} is 0, else in 2 or 8 extra bytes whatever it is.
     */
    public static byte[] frame(int first, byte[] payload, byte[] mask, int lengthBytes) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(first);
        int maskBit = mask != null ? 0x80 : 0;
        int form = lengthBytes != 0 ? lengthBytes : payload.length < 126 ? 0 : payload.length < 65536 ? 2 : 8;
        if (form == 0) {
            frame.write(maskBit | payload.length);
        } else if (form == 2) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) ((long) payload.length >>> shift));
        }
        if (mask != null) frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) frame.write(mask == null ? payload[i] : payload[i] ^ mask[i & 3]);
        return frame.toByteArray();
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the next frame from the peer, unmasking a client's. */
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
        byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) throw new EOFException("stream ended inside a frame");
        for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
        return new Frame(first & 0x0F, payload, (first & 0x80) != 0, (first >> 4) & 0x7);
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
