package dev.wroustr.cli;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the bench's requests straight into a buffer, with no string in between:
 * {@code @ECHO #seq 42 #pad xxxx...}, padded so the whole text is {@code size} bytes, or as
 * requests {@code @ECHO #$id 42 #seq 42 #pad xxxx...}. A size too
 * small to hold a pad gives {@code @ECHO #seq 42} alone.
 */
final class BenchPayload {
    private static final byte[] SEQ = " #seq ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAD = " #pad ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = " #$id ".getBytes(StandardCharsets.US_ASCII);

    private final byte[] route;
    private final int size;
    private final byte[] xs;
    private final boolean request;

    BenchPayload(String route, int size) {
        this(route, size, false);
    }

    /** @param request each message is a request whose id is its sequence number: {@code @ECHO #$id 42 #seq 42 ...} */
    BenchPayload(String route, int size, boolean request) {
        this.route = route.getBytes(StandardCharsets.UTF_8);
        this.request = request;
        this.size = size;
        this.xs = new byte[Math.max(0, size)];
        Arrays.fill(xs, (byte) 'x');
    }

    /** The request with sequence number {@code seq}, in a new buffer from {@code alloc}. */
    ByteBuf write(ByteBufAllocator alloc, long seq) {
        int digits = digits(seq);
        int fixed = route.length + SEQ.length + digits + (request ? ID.length + digits : 0);
        int pad = size - fixed - PAD.length;
        ByteBuf buf = alloc.buffer(Math.max(size, fixed));
        buf.writeBytes(route);
        if (request) {
            buf.writeBytes(ID);
            writeDigits(buf, seq, digits);
        }
        buf.writeBytes(SEQ);
        writeDigits(buf, seq, digits);
        if (pad > 0) buf.writeBytes(PAD).writeBytes(xs, 0, pad);
        return buf;
    }

    /** The request as text, for tests and for showing what is sent. */
    String text(long seq) {
        ByteBuf buf = write(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, seq);
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    private static int digits(long n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }

    private static void writeDigits(ByteBuf buf, long n, int digits) {
        int at = buf.writerIndex() + digits;
        buf.writerIndex(at);
        do {
            buf.setByte(--at, (int) ('0' + n % 10));
            n /= 10;
        } while (n > 0);
    }
}
