package dev.wroustr.internal.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

/**
 * permessage-deflate (RFC 7692) for both sides, with the parameters spelled out: level 6, the
 * full 32 KiB window, context takeover, and nothing else offered (no {@code deflate-frame}).
 *
 * <p>The inflater may allocate at most {@code maxMessageBytes} for one frame, and the frame
 * aggregator counts the inflated bytes of a fragmented message: the size limit holds for what a
 * message inflates to, so a few KB that would inflate to megabytes close with 1009 after at most
 * {@code maxMessageBytes} of work (see {@link InflateLimitHandler}).
 */
final class Compression {
    private static final int LEVEL = 6;
    private static final int WINDOW_BITS = 15;
    /** Room the server's inflater gets past the limit; see {@link #server}. */
    static final int INFLATE_SLACK = 1024;

    private Compression() {}

    /** Negotiates permessage-deflate with clients that offer it; put it before the protocol handler. */
    static ChannelHandler server(int maxMessageBytes) {
        // Netty's inflater fails a message that fills its buffer while input is left (the deflate
        // stream's last bytes, which inflate to nothing), so it refused messages short of the limit:
        // it gets room to spare, and InflateLimitHandler holds the limit exactly.
        return new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(
                LEVEL, false, WINDOW_BITS, false, false, maxMessageBytes + INFLATE_SLACK));
    }

    /** Adds what offers permessage-deflate to the server, and its limit; call before adding the protocol handler. */
    static void addClient(ChannelPipeline pipeline, int maxMessageBytes) {
        pipeline.addLast(new WebSocketClientExtensionHandler(new PerMessageDeflateClientExtensionHandshaker(
                        LEVEL, false, WINDOW_BITS, false, false, maxMessageBytes)))
                .addLast(new InflateLimitHandler(maxMessageBytes));
    }
}
