package dev.wroustr.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on loopback, as a load balancer would be, that a test can cut: every connection
 * through it ends at once with no close frame, as when a network drops. It can also refuse new
 * connections for a while (the network still down).
 */
public final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private volatile InetSocketAddress target;
    private volatile InetAddress from;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private volatile boolean closed;

    public CuttingProxy(URI target) throws IOException {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code uri} with its host and port replaced by the proxy's. */
    public URI through(URI uri) {
        return URI.create(uri.getScheme() + "://127.0.0.1:" + listener.getLocalPort() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** Ends every connection now, both sides, without a close frame. */
    public void cut() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0); // a reset, as a dropped network ends up
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
        sockets.clear();
    }

    /** New connections go to {@code target} from now on (a load balancer sending clients to another node). */
    public void retarget(URI target) {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
    }

    /**
     * New connections reach the target from {@code local}, a loopback address such as 127.0.0.2
     * (Linux answers on all of 127.0.0.0/8): a client that comes back from another network.
     */
    public void from(InetAddress local) {
        this.from = local;
    }

    /** While true, new connections are closed as soon as they are accepted. */
    public void refuse(boolean refuse) {
        refusing.set(refuse);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (refusing.get()) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(target.getAddress(), target.getPort(), from, 0);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pipe(client, server);
                pipe(server, client);
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut, or the other side closed
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }, "cutting-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        cut();
    }
}
