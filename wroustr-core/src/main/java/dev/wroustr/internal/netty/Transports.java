package dev.wroustr.internal.netty;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ThreadFactory;

/** Epoll where the native transport loads (Linux), NIO elsewhere. */
public final class Transports {
    private static final boolean EPOLL = Epoll.isAvailable();
    /**
     * The most ready channels a turn of an epoll loop reads before it runs its tasks, the
     * hand-off of their messages to the handlers among them (Netty's default: every one ready).
     * With a thousand busy connections a turn could read hundreds, and by the time their
     * handlers ran and their replies were written, each connection's state had left the cache:
     * a fifth more CPU a message than in turns of a few dozen (BENCHMARKS.md, step 12).
     */
    private static final int MAX_READY_PER_TURN = 64;

    private Transports() {}

    public static String name() {
        return EPOLL ? "epoll" : "nio";
    }

    /** @param threads 0 for Netty's default (twice the cores) */
    public static EventLoopGroup eventLoops(String name, int threads) {
        return eventLoops(new DefaultThreadFactory(name, true), threads);
    }

    /** @param threads 0 for Netty's default (twice the cores) */
    public static EventLoopGroup eventLoops(ThreadFactory factory, int threads) {
        IoHandlerFactory io = EPOLL
                ? EpollIoHandler.newFactory(MAX_READY_PER_TURN, DefaultSelectStrategyFactory.INSTANCE)
                : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, factory, io);
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> channel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
