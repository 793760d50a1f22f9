package dev.wroustr.server;

import dev.wroustr.internal.netty.NettyServer;
import java.net.InetSocketAddress;
import java.net.URI;

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

    /** How many connections are open now. */
    public int connectionCount() {
        return server.connectionCount();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        try {
            server.closed().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
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
