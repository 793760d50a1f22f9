package dev.wroustr.benchmarks.attacks;

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
 * A WebSocket client with nothing between the test and the bytes: the attacks need to send what
 * no well-behaved client would (half a frame, headers too big) and to stop reading at will.
 */
final class Wire implements AutoCloseable {
    static final int TEXT = 1, CLOSE = 8, PING = 9;

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    private Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static Wire open(URI uri) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        return new Wire(socket);
    }

    /** Opens and upgrades; the first line of the answer (the status line) is returned through {@link #status}. */
    static Wire upgrade(URI uri, String extraHeaders) throws IOException {
        Wire wire = open(uri);
        wire.out.write(request(uri, extraHeaders).getBytes(StandardCharsets.ISO_8859_1));
        wire.out.flush();
        wire.status = wire.readHead();
        return wire;
    }

    String status;

    static String request(URI uri, String extraHeaders) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    /** The response head's first line; the rest of the head is read and dropped. */
    String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) break;
        }
        int end = head.indexOf("\r\n");
        return end < 0 ? head.toString() : head.substring(0, end);
    }

    static byte[] frame(int opcode, boolean fin, byte[] payload) {
        int n = payload.length;
        int header = 2 + (n < 126 ? 0 : n < 65536 ? 2 : 8) + 4;
        byte[] frame = new byte[header + n];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        int at = 2;
        if (n < 126) {
            frame[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
            at = 4;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            at = 10;
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, at, 4);
        for (int i = 0; i < n; i++) frame[at + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        return frame;
    }

    static byte[] text(String text) {
        return frame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    void send(String text) throws IOException {
        out.write(text(text));
        out.flush();
    }

    /** The next frame's opcode and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    Frame read() throws IOException {
        int first = in.read();
        int second = in.read();
        if (first < 0 || second < 0) throw new EOFException();
        long length = second & 0x7F;
        if (length == 126) length = (in.read() << 8) | in.read();
        else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) length = (length << 8) | in.read();
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) throw new EOFException();
        return new Frame(first & 0x0F, payload);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed
        }
    }
}
