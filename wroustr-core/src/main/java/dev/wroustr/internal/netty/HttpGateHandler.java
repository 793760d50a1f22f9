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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the door, before the upgrade: request too big 414/431, malformed 400, wrong
 * path 404, no upgrade 426, the rules of RFC 6455 (400/426), one address past its limits 429,
 * full server 503, then the application's handshake checks. Plain requests go to the
 * application's {@link HttpHandler}, one at a time and in order, so one pipelined before an
 * upgrade is answered first. Also cuts a connection that has not completed its handshake in
 * time (slowloris). It leaves the pipeline once it passes a request on.
 */
final class HttpGateHandler<S> extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpGateHandler.class);
    /** Header lines a request may carry; browsers send about 20. */
    static final int MAX_HEADERS = 100;
    /** Requests that may wait behind one being answered; a client pipelining more is cut. */
    private static final int MAX_PIPELINED = 16;
    /** How long a refused connection is read, and what comes thrown away, so the answer is not lost to a TCP reset. */
    private static final long LINGER_MILLIS = 1000;

    private final ServerContext<S> server;
    // Where the connection goes on after the upgrade: it holds what the door learned.
    private final ServerFrameHandler<S> frames;
    // Made for a client that pipelines requests behind one being answered: hardly any does.
    private ArrayDeque<FullHttpRequest> pending;
    private boolean admitted;
    // A request is being answered off the event loop: those that follow wait in pending.
    private boolean busy;
    // The connection was refused and is closing: what it still sends is thrown away.
    private boolean refused;

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
        if (refused) {
            request.release();
        } else if (!busy) {
            handle(ctx, request);
        } else if (pending == null || pending.size() < MAX_PIPELINED) {
            if (pending == null) pending = new ArrayDeque<>(4);
            pending.add(request);
        } else {
            request.release();
            ctx.close();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Whatever was pipelined after an upgrade request is not HTTP for this door to answer.
        releasePending();
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpResponseStatus tooBig = tooBig(request);
        if (tooBig != null) {
            respond(ctx, request, tooBig);
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
        HttpResponseStatus broken = Handshakes.refusal(request);
        if (broken != null) {
            respond(ctx, request, broken);
            return;
        }
        InetSocketAddress client = server.settings().door().trustedProxies()
                .client((InetSocketAddress) ctx.channel().remoteAddress(), request.headers());
        if (!admitted && !withinAddressLimits(ctx, client)) {
            respond(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS);
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
        HandshakeRequest view = new View(request, uri, client);
        if (!anyBlocks(checks)) {
            decided(ctx, request, runChecks(checks, view));
            return;
        }
        // The checks may block (a token lookup): run them off the event loop, reading nothing meanwhile.
        pause(ctx);
        server.handlerExecutor().execute(() -> {
            Verdict verdict = runChecks(checks, view);
            ctx.executor().execute(() -> decided(ctx, request, verdict));
        });
    }

    private static <S> boolean anyBlocks(List<HandshakeCheck<S>> checks) {
        for (HandshakeCheck<S> check : checks) {
            if (check.blocks()) return true;
        }
        return false;
    }

    /** On the event loop: the upgrade goes on, or the request is refused with the checks' status. */
    private void decided(ChannelHandlerContext ctx, FullHttpRequest request, Verdict verdict) {
        if (verdict.status() == 0) {
            frames.handshakeAttributes(verdict.attributes(), verdict.notes(), verdict.expiresAt());
            passOn(ctx, request);
        } else {
            respond(ctx, request, HttpResponseStatus.valueOf(verdict.status()));
        }
    }

    /** 414 or 431 for a request past the door's sizes, 400 for one the decoder could not read; null for one it may look at. */
    private HttpResponseStatus tooBig(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) return HttpResponseStatus.REQUEST_URI_TOO_LONG;
            if (cause instanceof TooLongHttpHeaderException) return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            return HttpResponseStatus.BAD_REQUEST;
        }
        // The decoder's bound is on the whole request line; this one is on the URI alone.
        if (request.uri().length() > server.settings().door().maxUriBytes()) return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        if (request.headers().size() > MAX_HEADERS) return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        return null;
    }

    /** Counts a handshake, and one connection until this one closes, for the client's address; false past a limit. */
    private boolean withinAddressLimits(ChannelHandlerContext ctx, InetSocketAddress client) {
        AddressLimits limits = server.addressLimits();
        InetAddress address = client.getAddress();
        switch (limits.open(address)) {
            case OPENED -> ctx.channel().closeFuture().addListener(closed -> limits.close(address));
            case TOO_MANY_HANDSHAKES -> {
                server.settings().metrics().handshakeRateLimited();
                return false;
            }
            case TOO_MANY_CONNECTIONS -> {
                server.settings().metrics().connectionsPerAddressLimited();
                return false;
            }
            case UNLIMITED -> { }
        }
        return true;
    }

    /** Reads nothing while a request is answered off the event loop. */
    private void pause(ChannelHandlerContext ctx) {
        busy = true;
        ctx.channel().config().setAutoRead(false);
    }

    /** The request answered, goes on with the next one pipelined, or reads again. */
    private void resume(ChannelHandlerContext ctx) {
        busy = false;
        FullHttpRequest next = pending == null ? null : pending.poll();
        if (next != null) {
            handle(ctx, next);
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Runs the application's {@link HttpHandler} off the event loop, then answers with its response or the server's own. */
    private void answerPlainHttp(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, HttpHandler<S> http) {
        pause(ctx);
        InetSocketAddress client = server.settings().door().trustedProxies()
                .client((InetSocketAddress) ctx.channel().remoteAddress(), request.headers());
        HandshakeRequest view = new View(request, uri, client);
        boolean head = HttpMethod.HEAD.equals(request.method());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
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
                        .set(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
                if (!keepAlive || server.closing()) {
                    full.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(full).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                // Kept open for the next request (an upgrade, say) until the handshake timeout.
                ctx.writeAndFlush(full);
                resume(ctx);
            });
        });
    }

    /** Hands the request to the upgrade and leaves the pipeline: past it, every frame would pass through here for nothing. */
    private void passOn(ChannelHandlerContext ctx, FullHttpRequest request) {
        releasePending();
        ctx.channel().config().setAutoRead(true);
        if (server.closing()) {
            // Checked last, after any handshake checks: the shutdown may have begun while they ran.
            respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE);
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(request);
    }

    private void releasePending() {
        if (pending == null) return;
        pending.forEach(FullHttpRequest::release);
        pending.clear();
    }

    /** What the checks decided together: a rejection's status, or 0, the attributes they all attached (those of them that are notes apart) and the earliest expiry. */
    private record Verdict(int status, Map<dev.wroustr.server.AttributeKey<?>, Object> attributes,
            Map<dev.wroustr.server.AttributeKey<?>, Object> notes, java.time.Instant expiresAt) {
        Verdict(int status) {
            this(status, Map.of(), Map.of(), null);
        }
    }

    private Verdict runChecks(List<HandshakeCheck<S>> checks, HandshakeRequest request) {
        // Immutable, as the results' own: one check's attributes (the usual case) are taken as they are.
        Map<dev.wroustr.server.AttributeKey<?>, Object> attributes = Map.of();
        Map<dev.wroustr.server.AttributeKey<?>, Object> notes = Map.of();
        java.time.Instant expiresAt = null;
        for (HandshakeCheck<S> check : checks) {
            HandshakeResult result;
            try {
                result = check.check(request, server.router().state());
            } catch (Exception e) {
                log.warn("handshake check failed for {}: answering 500", request.remoteAddress(), e);
                return new Verdict(500);
            }
            if (result == null) return new Verdict(500);
            if (!result.accepted()) return new Verdict(result.status());
            attributes = AttributeMaps.merged(attributes, result.attributes());
            // A key is of the kind the last check to set it gave it.
            notes = AttributeMaps.notesAfter(notes, result);
            java.time.Instant at = result.expiresAt();
            if (at != null && (expiresAt == null || at.isBefore(expiresAt))) expiresAt = at;
        }
        return new Verdict(0, attributes, notes, expiresAt);
    }

    /**
     * Refuses the connection with {@code status}, then reads and throws away what the client
     * still sends for a moment: closed with unread bytes (the rest of a 64 KiB header, a
     * pipelined request), the socket would send a TCP reset, which can destroy the answer
     * before the client reads it.
     */
    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status) {
        server.settings().metrics().handshakeRejected(status.code());
        ReferenceCountUtil.release(request);
        refused = true;
        busy = false;
        releasePending();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_LENGTH, 0);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status.equals(HttpResponseStatus.UPGRADE_REQUIRED)) {
            headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, Handshakes.VERSION);
        }
        ctx.writeAndFlush(response).addListener(written -> {
            if (!written.isSuccess() || !(ctx.channel() instanceof SocketChannel socket)) {
                ctx.close();
                return;
            }
            socket.shutdownOutput();
            ctx.channel().config().setAutoRead(true);
            ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
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
