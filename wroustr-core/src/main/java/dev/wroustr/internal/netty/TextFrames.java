package dev.wroustr.internal.netty;

import dev.wroustr.Message;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** Text frames made straight from messages, with no String between. */
final class TextFrames {
    private TextFrames() {}

    /**
     * A frame over a heap array, not a pooled direct buffer: the frame encoder copies a small
     * payload into the buffer it makes for the header anyway, so pooling this one would only
     * cost an allocation and a release.
     */
    static TextWebSocketFrame of(Message message) {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(message.toUtf8()));
    }
}
