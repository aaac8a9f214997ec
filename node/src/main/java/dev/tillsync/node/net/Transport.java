package dev.tillsync.node.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of a process: one event loop group that every server and connector of the process
 * shares (the demo runs a whole chain in one process), and the pipeline of every link:
 *
 * <pre>
 * [tls] -> frames (length, max size) -> protobuf -> length -> encoder -> session
 * </pre>
 *
 * The TLS handler is present only when an {@link SslContext} is given; links without it are plain
 * TCP.
 */
public final class Transport implements AutoCloseable {

    /** Outbound bytes above which a link stops producing batches, and below which it resumes. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 << 10, 1 << 20);

    private final EventLoopGroup group;
    private final int maxFrameBytes;
    private final SslContext serverTls;
    private final SslContext clientTls;

    /**
     * @param threads       event loop threads; 0 for Netty's default (two per core)
     * @param maxFrameBytes largest frame accepted
     * @param serverTls     TLS for accepted links, or null for plain TCP
     * @param clientTls     TLS for links this process opens, or null for plain TCP
     */
    public Transport(int threads, int maxFrameBytes, SslContext serverTls, SslContext clientTls) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.maxFrameBytes = maxFrameBytes;
        this.serverTls = serverTls;
        this.clientTls = clientTls;
    }

    ServerBootstrap server(SessionFactory factory, ChannelGroup accepted) {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(initializer(factory, serverTls, accepted));
    }

    Bootstrap client(SessionFactory factory, int connectTimeoutMillis) {
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(initializer(factory, clientTls, null));
    }

    private ChannelInitializer<SocketChannel> initializer(SessionFactory factory, SslContext tls,
                                                          ChannelGroup accepted) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                if (accepted != null) {
                    accepted.add(channel);
                }
                if (tls != null) {
                    channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
                }
                FrameCodec.addTo(channel.pipeline(), maxFrameBytes);
                channel.pipeline().addLast("session", new SessionHandler(factory));
            }
        };
    }

    EventLoopGroup group() {
        return group;
    }

    /** Returns a channel's event loop as a scheduler, for tasks tied to no channel. */
    public Scheduler scheduler() {
        return new NettyScheduler(group.next());
    }

    /** Closes every channel of the process and stops the event loops. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

}
