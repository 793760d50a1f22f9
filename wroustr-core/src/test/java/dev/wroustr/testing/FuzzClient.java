package dev.wroustr.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The fuzzer's client: a {@link RawWebSocket} that reads the server's frames inflated where
 * permessage-deflate was negotiated (the server keeps its window from one message to the next,
 * so the inflater does too).
 */
public final class FuzzClient implements AutoCloseable {
    private static final byte[] DEFLATE_TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final int RSV1 = 0x4;

    private final RawWebSocket raw;
    private final Inflater inflater;

    private FuzzClient(RawWebSocket raw, boolean deflate) {
        this.raw = raw;
        this.inflater = deflate ? new Inflater(true) : null;
    }

    /** Upgrades to a WebSocket, offering permessage-deflate if {@code deflate}; fails unless the server takes it. */
    public static FuzzClient connect(URI uri, boolean deflate) throws IOException {
        RawWebSocket raw = RawWebSocket.open(uri);
        raw.writeRaw(RawWebSocket.upgradeRequest(uri, deflate ? "permessage-deflate" : null));
        String head = raw.readHead();
        if (!head.startsWith("HTTP/1.1 101") || deflate && !head.contains("permessage-deflate")) {
            raw.close();
            throw new IOException("upgrade refused or deflate not negotiated: " + head);
        }
        return new FuzzClient(raw, deflate);
    }

    public void write(byte[] bytes) throws IOException {
        raw.write(bytes);
    }

    /** The next frame of the server, its payload inflated if the server compressed it. */
    public RawWebSocket.Frame readFrame() throws IOException {
        RawWebSocket.Frame frame = raw.readFrame();
        if ((frame.rsv() & RSV1) == 0) return frame;
        if (inflater == null) throw new IOException("RSV1 set without deflate negotiated");
        if (!frame.fin()) throw new IOException("a fragmented compressed message: not expected from this server");
        return new RawWebSocket.Frame(frame.opcode(), inflate(frame.payload()), true, frame.rsv());
    }

    private byte[] inflate(byte[] compressed) throws IOException {
        byte[] input = new byte[compressed.length + 4];
        System.arraycopy(compressed, 0, input, 0, compressed.length);
        System.arraycopy(DEFLATE_TAIL, 0, input, compressed.length, 4);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.needsInput()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsInput()) break;
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("the server's deflate stream is corrupt", e);
        }
        return out.toByteArray();
    }

    /** True once the server has ended the connection (reads up to the end; a read timeout throws). */
    public boolean awaitEnd() throws IOException {
        return raw.awaitEndOfStream();
    }

    @Override
    public void close() throws IOException {
        if (inflater != null) inflater.end();
        raw.close();
    }
}
