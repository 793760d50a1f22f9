package dev.wroustr.internal.netty;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/** The server's pipeline: TLS, heartbeat, HTTP, the door, compression if on, the WebSocket codec, our frames. */
final class ServerInitializer<S> extends ChannelInitializer<SocketChannel> {
    /** Handshake requests carry no body; anything bigger is not a handshake. */
    private static final int MAX_HANDSHAKE_BYTES = 8192;

    /** Room for the method and the version around the URI on the request line. */
    private static final int REQUEST_LINE_EXTRA = 64;

    private final ServerContext<S> server;
    private final WebSocketServerProtocolConfig protocol;
    private final HttpDecoderConfig http;

    ServerInitializer(ServerContext<S> server) {
        this.server = server;
        ServerSettings<S> settings = server.settings();
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(settings.maxMessageBytes())
                .allowExtensions(settings.compression())
                // Checked whole by ServerFrameHandler, much faster (see TextFrames.text).
                .withUTF8Validator(false)
                .closeOnProtocolViolation(true)
                .build();
        // Past these the decoder fails the request, which HttpGateHandler answers 414 or 431.
        this.http = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.door().maxUriBytes() + REQUEST_LINE_EXTRA)
                .setMaxHeaderSize(settings.door().maxHeaderBytes());
        this.protocol = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(settings.path())
                .subprotocols(Handshakes.SUBPROTOCOL)
                // HttpGateHandler has matched the path exactly (404 otherwise); with false, Netty compares
                // the whole URI, so "/?token=..." was never upgraded and the handshake hung.
                .checkStartsWith(true)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .decoderConfig(decoder)
                .handshakeTimeoutMillis(settings.handshakeTimeout().toMillis())
                .build();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ServerSettings<S> settings = server.settings();
        ChannelPipeline pipeline = channel.pipeline();
        if (settings.sslContext() != null) pipeline.addLast(settings.sslContext().newHandler(channel.alloc()));
        ServerFrameHandler<S> frames = new ServerFrameHandler<>(server);
        MessageDeadline deadline = new MessageDeadline(frames);
        // Counts the bytes read for the deadline too: a server holds one handler (and context) per job per connection.
        HeartbeatHandler heartbeat = new HeartbeatHandler(server.heartbeats(), deadline);
        frames.guards(heartbeat, deadline);
        pipeline.addLast(heartbeat)
                .addLast(new HttpServerCodec(http.clone()))
                // The upgrade puts the WebSocket decoder where the HTTP codec was: this then sees its frames.
                .addLast(deadline)
                .addLast(new HttpObjectAggregator(MAX_HANDSHAKE_BYTES))
                .addLast(new HttpGateHandler<>(server, frames));
        if (settings.compression()) {
            // The inflater and deflater go in right after the extension handler, before the limit handler;
            // the reserved bits are checked, and a compressed message's fragments joined, before the inflater sees them.
            pipeline.addLast(new ReservedBitsHandler())
                    .addLast(new CompressedFragmentsHandler(settings.maxMessageBytes()))
                    .addLast(Compression.server(settings.maxMessageBytes()))
                    .addLast(new InflateLimitHandler(settings.maxMessageBytes()));
        }
        pipeline.addLast(new WebSocketServerProtocolHandler(protocol))
                .addLast(new WebSocketFrameAggregator(settings.maxMessageBytes()));
        if (settings.compression()) pipeline.addLast(new PreframedTextHandler());
        pipeline.addLast(frames);
    }
}
