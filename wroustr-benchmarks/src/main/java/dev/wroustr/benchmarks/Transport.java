package dev.wroustr.benchmarks;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Epoll where the native library loads (Linux), NIO elsewhere; the same choice for servers and drivers. */
final class Transport {
    static final boolean EPOLL = Epoll.isAvailable();

    private Transport() {}

    static String name() {
        return EPOLL ? "epoll" : "nio";
    }

    /** @param maxEvents the most ready channels an epoll turn reads; 0 for Netty's default, all */
    static EventLoopGroup group(int threads, int maxEvents) {
        IoHandlerFactory factory = EPOLL
                ? EpollIoHandler.newFactory(maxEvents, DefaultSelectStrategyFactory.INSTANCE)
                : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    static Class<? extends ServerSocketChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static Class<? extends SocketChannel> clientChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
