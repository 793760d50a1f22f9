package dev.wroustr.server;

import dev.wroustr.Message;
import dev.wroustr.WroustrException;
import dev.wroustr.internal.netty.NettyServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;

/** A started {@link Server}: where it listens, and the way to stop it. Thread-safe. */
public final class RunningServer implements AutoCloseable {
    private final NettyServer<?> server;
    private final boolean tls;
    private final String path;

    RunningServer(NettyServer<?> server, boolean tls, String path) {
        this.server = server;
        this.tls = tls;
        this.path = path;
    }

    /** The bound port: the real one when the server was given port 0. */
    public int port() {
        return server.localAddress().getPort();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.localAddress();
    }

    /** The URL clients connect to, e.g. {@code ws://127.0.0.1:41234/}. */
    public URI uri() {
        InetSocketAddress address = server.localAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create((tls ? "wss://" : "ws://") + host + ":" + address.getPort() + path);
    }

    /** How many connections are open now, on this server. */
    public int connectionCount() {
        return server.connectionCount();
    }

    /** The uuids of the open connections: this server's, or every node's in a cluster. Read-only; see {@link ServerDispatcher#connections()}. */
    public Set<String> connections() {
        return server.delivery().connections();
    }

    /** Whether a connection with {@code uuid} is open (on any node, in a cluster). */
    public boolean isOnline(String uuid) {
        return server.delivery().isOnline(uuid);
    }

    /** Queues {@code message} to the connection {@code uuid}, as {@link ServerDispatcher#sendTo} does, from outside a handler. */
    public boolean sendTo(String uuid, Message message) {
        return server.delivery().sendTo(uuid, message.toText());
    }

    /** Queues {@code message} to every connection, as {@link ServerDispatcher#broadcast} does. @return how many it was queued to */
    public int broadcast(Message message) {
        return server.delivery().broadcast(message.toText());
    }

    /** The rooms with at least one member. A snapshot. */
    public Set<String> rooms() {
        return server.delivery().rooms();
    }

    /** Sends to the members of {@code room}; see {@link Room}. @throws IllegalArgumentException for a name no room can have */
    public Room toRoom(String room) {
        return Room.of(server.delivery(), room);
    }

    /** How many replies matched no request waiting on their connection and were dropped (PROTOCOL.md section 9, rule 1). */
    public long ignoredReplies() {
        return server.ignoredReplies();
    }

    /** Whether {@link #close()} has finished. */
    public boolean isClosed() {
        return server.closed().isDone();
    }

    /**
     * Blocks until {@link #close()} has finished.
     *
     * @throws WroustrException if the server stopped itself after a fatal error (see {@link Server}),
     *     with that error as its cause
     */
    public void awaitClosed() throws InterruptedException {
        try {
            server.closed().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new WroustrException("the server on " + address() + " stopped after a fatal error: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Graceful shutdown: stops accepting, sends 1001 to every client, lets running handlers
     * finish and {@code DISCONNECTED} run for every connection (up to the shutdown timeout),
     * then stops the server's threads. Idempotent; returns when done, except when called from
     * a handler (or layer, interceptor, named route): there it starts the shutdown and returns
     * at once, since the handlers it would wait for include the caller. {@link #awaitClosed()}
     * waits for the end from any other thread.
     */
    @Override
    public void close() {
        server.close();
    }
}
