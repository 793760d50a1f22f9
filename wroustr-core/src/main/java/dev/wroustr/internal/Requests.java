package dev.wroustr.internal;

import dev.wroustr.Message;
import dev.wroustr.RequestException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The requests one connection (or one client, across its connections) waits on for replies
 * (PROTOCOL.md section 9). Ids count up from 1 and are never reused, so a late reply can
 * never complete a newer request; each connection has its own table, so no peer can complete
 * another connection's request. Futures complete on the handler executor: what the
 * application chains on them never runs on a network thread. Thread-safe.
 */
public final class Requests {
    private final int max;
    private final Executor completions;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong lastId = new AtomicLong();
    private volatile boolean closed;

    private static final class Pending {
        final String route;
        final long started = System.nanoTime();
        final CompletableFuture<Message> future = new CompletableFuture<>();
        volatile Future<?> timer;

        Pending(String route) {
            this.route = route;
        }
    }

    /**
     * @param max how many requests may wait at once; past it a request fails at once
     * @param completions where futures complete
     */
    public Requests(int max, Executor completions) {
        this.max = max;
        this.completions = completions;
    }

    /**
     * Sends {@code message} as a request through {@code sender} and returns its reply's future.
     *
     * @param timers schedules the timeout
     * @param sender queues canonical text in UTF-8; false if it could not
     */
    public CompletableFuture<Message> send(Message message, Duration timeout, ScheduledExecutorService timers,
            Predicate<byte[]> sender) {
        String route = message.route();
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("request timeout must be positive: " + timeout);
        if (closed) return failed(route, RequestException.CLOSED, "request " + route + " not sent: the connection is not open");
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return failed(route, RequestException.TOO_MANY_PENDING,
                    "request " + route + " not sent: " + max + " requests of this connection wait for replies already");
        }
        long id = lastId.incrementAndGet();
        Pending request = new Pending(route);
        pending.put(id, request);
        try {
            request.timer = timers.schedule(() -> timedOut(id), timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The connection's network thread is shutting down: it is closing.
            fail(id, RequestException.CLOSED, "request " + route + " not sent: the connection is closing");
            return request.future;
        }
        if (!sender.test(Reserved.withFirstParam(message.toUtf8(), Reserved.REQUEST_KEY, Long.toString(id)))) {
            fail(id, RequestException.NOT_SENT, "request " + route + " not sent: the connection refused it (closing, buffer full or an interceptor cancelled it)");
        } else if (closed) {
            // Closed between the check above and the put: closeAll may have missed this one.
            fail(id, RequestException.CLOSED, "connection closed while request " + route + " waited for its reply");
        }
        return request.future;
    }

    /**
     * Completes the request {@code id} with {@code reply}, or fails it with the error reply's kind.
     *
     * @return false if no request with that id waits: the reply is to be ignored
     */
    public boolean answer(String id, Message reply, String errorKind) {
        long key = parseId(id);
        Pending request = key < 0 ? null : take(key);
        if (request == null) return false;
        if (errorKind == null) {
            completeLater(request.future, reply, null);
        } else {
            completeLater(request.future, null, new RequestException(request.route, errorKind,
                    "request " + request.route + " failed on the peer: " + errorKind));
        }
        return true;
    }

    /** The connection closed for good: every waiting request fails now, and every later one at once. */
    public void close() {
        closed = true;
        failAll();
    }

    /** The connection dropped: every waiting request fails now. Ids go on counting, so no later reply can match a new request. */
    public void failAll() {
        for (Long id : pending.keySet()) {
            Pending request = pending.get(id);
            if (request != null) fail(id, RequestException.CLOSED, "connection closed while request " + request.route + " waited for its reply");
        }
    }

    /** How many requests wait now. */
    public int pendingCount() {
        return count.get();
    }

    private void timedOut(long id) {
        Pending request = pending.get(id);
        if (request == null) return;
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.started);
        fail(id, RequestException.TIMEOUT, "request " + request.route + " timed out after " + waited + " ms");
    }

    private void fail(long id, String kind, String message) {
        Pending request = take(id);
        if (request != null) completeLater(request.future, null, new RequestException(request.route, kind, message));
    }

    private Pending take(long id) {
        Pending request = pending.remove(id);
        if (request == null) return null;
        count.decrementAndGet();
        Future<?> timer = request.timer;
        if (timer != null) timer.cancel(false);
        return request;
    }

    private void completeLater(CompletableFuture<Message> future, Message reply, Throwable failure) {
        Runnable complete = failure == null ? () -> future.complete(reply) : () -> future.completeExceptionally(failure);
        try {
            completions.execute(complete);
        } catch (RejectedExecutionException e) {
            complete.run(); // the executor has shut down: nothing else would complete it
        }
    }

    /** A request that fails at once, since no connection is open to send it. */
    public CompletableFuture<Message> notOpen(Message message) {
        return failed(message.route(), RequestException.CLOSED, "request " + message.route() + " not sent: not connected");
    }

    private CompletableFuture<Message> failed(String route, String kind, String message) {
        CompletableFuture<Message> future = new CompletableFuture<>();
        completeLater(future, null, new RequestException(route, kind, message));
        return future;
    }

    /** Whether {@code value} is a request id: 1 to 18 ASCII digits. */
    public static boolean isRequestId(String value) {
        int length = value.length();
        if (length < 1 || length > 18) return false;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static long parseId(String id) {
        return isRequestId(id) ? Long.parseLong(id) : -1;
    }
}
