package dev.wroustr.internal.netty;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslHandler;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** The client's pipeline for one connection attempt: TLS, heartbeat, HTTP, WebSocket, our frames. */
final class ClientInitializer<S> extends ChannelInitializer<SocketChannel> {
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 8192;

    private final NettyClient<S> client;
    private final URI uri;
    private final Supplier<Map<String, String>> headers;

    ClientInitializer(NettyClient<S> client, URI uri, Supplier<Map<String, String>> headers) {
        this.client = client;
        this.uri = uri;
        this.headers = headers;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ClientSettings settings = client.settings();
        ChannelPipeline pipeline = channel.pipeline();
        if (settings.sslContext() != null) {
            SslHandler tls = settings.sslContext().newHandler(channel.alloc(), uri.getHost(), Handshakes.port(uri));
            SSLEngine engine = tls.engine();
            SSLParameters parameters = engine.getSSLParameters();
            // Netty leaves host name checking to the caller: without it any trusted certificate would do.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
            pipeline.addLast(tls);
        }
        HttpHeaders custom = new DefaultHttpHeaders();
        Map<String, String> fresh = headers.get();
        if (fresh != null) fresh.forEach(custom::set);
        // Offered so that a wroustr server welcomes the client with its uuid (PROTOCOL.md section 10);
        // in a header of ours, not Netty's subprotocol setting: see SubprotocolHandler.
        if (!custom.contains(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) custom.set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, Handshakes.SUBPROTOCOL);
        WebSocketClientProtocolConfig protocol = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(custom)
                .maxFramePayloadLength(settings.maxMessageBytes())
                // Checked whole by ClientFrameHandler, much faster (see TextFrames.text).
                .withUTF8Validator(false)
                .allowExtensions(settings.compression())
                .handleCloseFrames(false)
                // The client writes its close frames itself; with one set here, Netty's close() would
                // wait for the frame to be written, forever when the server has stopped reading.
                .sendCloseFrame(null)
                .dropPongFrames(true)
                .generateOriginHeader(false)
                .handshakeTimeoutMillis(settings.connectTimeout().toMillis())
                .build();
        HeartbeatHandler heartbeat = new HeartbeatHandler(client.heartbeats());
        ClientFrameHandler<S> frames = new ClientFrameHandler<>(client, heartbeat);
        pipeline.addLast(heartbeat)
                .addLast(new HttpClientCodec())
                .addLast(new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES))
                .addLast(new SubprotocolHandler(frames::selectedSubprotocol));
        if (settings.compression()) Compression.addClient(pipeline, settings.maxMessageBytes());
        pipeline.addLast(new WebSocketClientProtocolHandler(protocol))
                .addLast(new WebSocketFrameAggregator(settings.maxMessageBytes()))
                .addLast(frames);
    }
}
