package dev.wroustr.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Text frames for UTF-8 bytes, as {@link dev.wroustr.Message#toUtf8()} makes them, and the text
 * of the frames that come in.
 */
final class TextFrames {
    private TextFrames() {}

    /**
     * The text of a whole message's payload, or null if its bytes are not UTF-8, which RFC 6455
     * (section 8.1) answers with close code 1007.
     *
     * <p>This replaces Netty's frame validator, which walks a state machine byte by byte and
     * took a fifth of the server's time on short messages. The JDK's decoder is fast, and puts
     * U+FFFD where the bytes are not UTF-8: only text holding that char, which ASCII never
     * does, is decoded again strictly to tell a real U+FFFD from a bad byte.
     */
    static String text(ByteBuf payload) {
        String text = payload.toString(StandardCharsets.UTF_8);
        return text.indexOf('\uFFFD') < 0 || isUtf8(payload) ? text : null;
    }

    private static boolean isUtf8(ByteBuf payload) {
        try {
            // A fresh decoder reports malformed input rather than replacing it.
            StandardCharsets.UTF_8.newDecoder().decode(payload.nioBuffer());
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * A client's frame, which the frame encoder masks. Over a heap array rather than a pooled
     * buffer: the encoder copies a small payload into the buffer it makes for the header anyway.
     */
    static TextWebSocketFrame clientFrame(byte[] utf8) {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8));
    }

    /**
     * A server's whole text frame, header and payload in one buffer, ready for the socket: it
     * passes the frame encoder untouched, which saves a frame object and a copy per message, and
     * lets a broadcast share one frame among every connection. Right only where the encoder
     * would add nothing: the server sends unmasked, and negotiates no extension (with compression
     * on, {@link PreframedTextHandler} makes it a frame object again for the deflate encoder).
     */
    static ByteBuf serverFrame(ByteBufAllocator alloc, byte[] utf8) {
        int length = utf8.length;
        ByteBuf frame = alloc.buffer(headerBytes(length) + length);
        frame.writeByte(0x81); // FIN, text
        if (length <= 125) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        return frame.writeBytes(utf8);
    }

    /** The text of a frame {@link #serverFrame} made. */
    static String payloadText(ByteBuf frame) {
        int lengthByte = frame.getByte(frame.readerIndex() + 1) & 0x7F;
        int header = lengthByte <= 125 ? 2 : lengthByte == 126 ? 4 : 10;
        return frame.toString(frame.readerIndex() + header, frame.readableBytes() - header, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The bytes of the whole frame {@link #serverFrame} makes of {@code length} bytes of UTF-8. */
    static int frameBytes(int length) {
        return headerBytes(length) + length;
    }

    private static int headerBytes(int length) {
        return length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
    }
}
