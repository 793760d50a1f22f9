package dev.wroustr.internal.netty;

import dev.wroustr.server.HandshakeCheck;
import dev.wroustr.server.HandshakeRequest;
import dev.wroustr.server.HandshakeResult;
import dev.wroustr.server.HttpHandler;
import dev.wroustr.server.HttpResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the door, before the upgrade: wrong path 404, no upgrade 426, malformed
 * 400, full server 503, then the application's handshake checks. Also cuts a connection
 * that has not completed its handshake in time (slowloris). It leaves the pipeline once it
 * passes a request on.
 */
final class HttpGateHandler<S> extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpGateHandler.class);

    private final ServerContext<S> server;
    // Where the connection goes on after the upgrade: it holds what the door learned.
    private final ServerFrameHandler<S> frames;
    private boolean admitted;

    HttpGateHandler(ServerContext<S> server, ServerFrameHandler<S> frames) {
        this.server = server;
        this.frames = frames;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long timeout = server.settings().handshakeTimeout().toMillis();
        frames.handshakeTimer(ctx.executor().schedule(() -> {
            log.debug("handshake from {} not done in {} ms: closing", ctx.channel().remoteAddress(), timeout);
            ctx.close();
        }, timeout, TimeUnit.MILLISECONDS));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (request.decoderResult().isFailure()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        HttpHandler<S> http = server.settings().httpHandler();
        if (http != null && !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && (HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method()))) {
            answerPlainHttp(ctx, request, uri, http);
            return;
        }
        if (!uri.path().equals(server.settings().path())) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND);
            return;
        }
        if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            respond(ctx, request, HttpResponseStatus.UPGRADE_REQUIRED);
            return;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        if (!admitted && !server.admit()) {
            respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE);
            return;
        }
        admitted = true;
        frames.admitted();
        List<HandshakeCheck<S>> checks = server.settings().handshakeChecks();
        if (checks.isEmpty()) {
            passOn(ctx, request);
            return;
        }
        // The checks may block (a token lookup): run them off the event loop, reading nothing meanwhile.
        ctx.channel().config().setAutoRead(false);
        HandshakeRequest view = new View(request, uri, (InetSocketAddress) ctx.channel().remoteAddress());
        server.handlerExecutor().execute(() -> {
            Verdict verdict = runChecks(checks, view);
            ctx.executor().execute(() -> {
                ctx.channel().config().setAutoRead(true);
                if (verdict.status() == 0) {
                    frames.handshakeAttributes(verdict.attributes());
                    passOn(ctx, request);
                } else {
                    respond(ctx, request, HttpResponseStatus.valueOf(verdict.status()));
                }
            });
        });
    }

    /** Runs the application's {@link HttpHandler} off the event loop, then answers with its response or the server's own. */
    private void answerPlainHttp(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, HttpHandler<S> http) {
        ctx.channel().config().setAutoRead(false);
        HandshakeRequest view = new View(request, uri, (InetSocketAddress) ctx.channel().remoteAddress());
        boolean head = HttpMethod.HEAD.equals(request.method());
        server.handlerExecutor().execute(() -> {
            HttpResponse answer;
            try {
                answer = http.handle(view, server.router().state());
            } catch (Exception e) {
                log.warn("HTTP handler failed for {} {}: answering 500", request.method(), uri.path(), e);
                answer = new HttpResponse(500, "text/plain; charset=utf-8", new byte[0]);
            }
            HttpResponse response = answer;
            ctx.executor().execute(() -> {
                if (response == null) {
                    boolean onPath = uri.path().equals(server.settings().path());
                    respond(ctx, request, onPath ? HttpResponseStatus.UPGRADE_REQUIRED : HttpResponseStatus.NOT_FOUND);
                    return;
                }
                ReferenceCountUtil.release(request);
                FullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()),
                        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
                full.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType())
                        .set(HttpHeaderNames.CONTENT_LENGTH, response.body().length)
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(full).addListener(ChannelFutureListener.CLOSE);
            });
        });
    }

    /** Hands the request to the upgrade and leaves the pipeline: past it, every frame would pass through here for nothing. */
    private void passOn(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (server.closing()) {
            // Checked last, after any handshake checks: the shutdown may have begun while they ran.
            respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE);
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(request);
    }

    /** What the checks decided together: a rejection's status, or 0 and the attributes they all attached. */
    private record Verdict(int status, Map<dev.wroustr.server.AttributeKey<?>, Object> attributes) {}

    private Verdict runChecks(List<HandshakeCheck<S>> checks, HandshakeRequest request) {
        Map<dev.wroustr.server.AttributeKey<?>, Object> attributes = new HashMap<>();
        for (HandshakeCheck<S> check : checks) {
            HandshakeResult result;
            try {
                result = check.check(request, server.router().state());
            } catch (Exception e) {
                log.warn("handshake check failed for {}: answering 500", request.remoteAddress(), e);
                return new Verdict(500, Map.of());
            }
            if (result == null) return new Verdict(500, Map.of());
            if (!result.accepted()) return new Verdict(result.status(), Map.of());
            attributes.putAll(result.attributes());
        }
        return new Verdict(0, attributes);
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status) {
        server.settings().metrics().handshakeRejected(status.code());
        ReferenceCountUtil.release(request);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_LENGTH, 0);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status.equals(HttpResponseStatus.UPGRADE_REQUIRED)) {
            headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private record View(FullHttpRequest request, QueryStringDecoder uri, InetSocketAddress remoteAddress)
            implements HandshakeRequest {
        @Override
        public String path() {
            return uri.path();
        }

        @Override
        public String query(String name) {
            List<String> values = uri.parameters().get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public Map<String, List<String>> queryParams() {
            return uri.parameters();
        }

        @Override
        public String header(String name) {
            return request.headers().get(name);
        }

        @Override
        public List<String> headers(String name) {
            return request.headers().getAll(name);
        }
    }
}
