package dev.wroustr.testing;

import java.util.List;

/**
 * One case of {@link FrameFuzzer}: the bytes a client writes, in the pieces it writes them, and
 * the frames RFC 6455 and PROTOCOL.md require in answer, in order.
 *
 * @param seed              makes the same case again ({@link FrameFuzzer#generate})
 * @param kind              what the case tries, e.g. {@code reserved-opcode}
 * @param compressionServer for the server with compression on
 * @param deflate           the client negotiates permessage-deflate (only on that server)
 * @param writes            the bytes, each piece written and flushed on its own
 * @param frames            how many frames the writes hold
 * @param expected          the answer; a {@link Close} is last, and the server then ends the TCP connection
 */
public record FuzzCase(long seed, String kind, boolean compressionServer, boolean deflate,
                       List<byte[]> writes, int frames, List<Expected> expected) {

    /** One frame of the answer. */
    public sealed interface Expected permits Pong, Text, Close {}

    /** A pong carrying the payload of the ping it answers. */
    public record Pong(byte[] payload) implements Expected {
        @Override
        public String toString() {
            return "pong of " + payload.length + " bytes";
        }
    }

    /** A text message, exactly. */
    public record Text(String text) implements Expected {
        @Override
        public String toString() {
            return "text \"" + text + "\"";
        }
    }

    /** A close frame with this code, then the end of the connection. */
    public record Close(int code) implements Expected {
        @Override
        public String toString() {
            return "close " + code;
        }
    }

    /** True if the server ends the connection after its answer. */
    public boolean closes() {
        return !expected.isEmpty() && expected.get(expected.size() - 1) instanceof Close;
    }

    /** Where the case was made and what it tries, for a failure's message. */
    public String describe() {
        int bytes = writes.stream().mapToInt(w -> w.length).sum();
        return kind + " (seed " + seed + ", " + (compressionServer ? "compression server" : "plain server")
                + (deflate ? ", deflate negotiated" : "") + ", " + frames + " frames, " + bytes + " bytes in "
                + writes.size() + " writes)";
    }
}
