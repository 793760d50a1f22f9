package dev.wroustr.internal.netty;

import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a server connection's senders are paced by its reader, and a client that does not read
 * is cut. Static, on the connection's own state: a server holds tens of thousands of connections,
 * and an object each for this would cost every one of them.
 */
final class ReaderPace {
    private ReaderPace() {}

    /**
     * Whether a frame may be queued. A sender that may wait (a handler, any thread but a network
     * thread) waits while the client has {@code maxOutboundBytes} unread in the server, so the
     * sender is paced by its readers rather than readers cut for the server's own backlog; a
     * client that reads nothing for {@code slowReaderTimeout} is cut, and the wait ends. A
     * network thread cannot wait, nor does a connection's own handler answering it (its client
     * is paced by its requests, which stop being read while its handlers are behind): past twice
     * the bound, the client is cut.
     */
    static boolean writable(ChannelDispatcher<?> connection, ServerSettings<?> settings) {
        if (connection.closing()) return false;
        int most = settings.maxOutboundBytes();
        if (unreadBytes(connection) >= most || connection.outboundWaitingBytes() >= most) {
            if (Thread.currentThread() instanceof FastThreadLocalThread || connection.inHandler()) {
                if (unreadBytes(connection) >= 2L * most) connection.cutSlowReader("over " + 2L * most + " bytes unread: peer reads too slowly");
            } else {
                awaitReader(connection, settings, most);
            }
        }
        return !connection.closing();
    }

    /** Bytes written and not yet taken by the kernel: the client's to read. On the wire, so compressed where compression is on. */
    private static long unreadBytes(ChannelDispatcher<?> connection) {
        ChannelOutboundBuffer buffer = connection.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    private static void awaitReader(ChannelDispatcher<?> connection, ServerSettings<?> settings, int most) {
        while (!connection.closing() && (unreadBytes(connection) >= most / 2 || connection.outboundWaitingBytes() >= most / 2)) {
            long since = connection.unwritableSince;
            if (since != 0 && System.nanoTime() - since > settings.slowReaderTimeout().toNanos()) {
                connection.cutSlowReader(slowReaderReason(settings));
                return;
            }
            if (Thread.currentThread().isInterrupted()) return;
            LockSupport.parkNanos(connection, 200_000);
        }
    }

    private static String slowReaderReason(ServerSettings<?> settings) {
        return "nothing read for " + settings.slowReaderTimeout().toMillis() + " ms: peer reads too slowly";
    }

    /** On the event loop, when the channel's writability changes: a socket unwritable for {@code slowReaderTimeout} is cut. */
    static void writabilityChanged(ChannelDispatcher<?> connection, ServerSettings<?> settings, boolean writable) {
        if (writable) {
            connection.unwritableSince = 0;
            return;
        }
        long now = System.nanoTime();
        connection.unwritableSince = now;
        connection.channel().eventLoop().schedule(() -> {
            if (connection.unwritableSince == now && !connection.channel().isWritable()) connection.cutSlowReader(slowReaderReason(settings));
        }, settings.slowReaderTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
}
