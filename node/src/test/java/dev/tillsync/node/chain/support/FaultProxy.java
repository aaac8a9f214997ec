package dev.tillsync.node.chain.support;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tillsync.node.app.HostPort;
import dev.tillsync.proto.v1.FrameProto;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 between a child and its parent that reads the frames of the tillsync
 * wire format (a 4-byte big-endian length, then one {@link FrameProto}) in both directions and
 * applies a {@link Policy} to each: pass it, drop it, send it twice, delay it, or hold it until the
 * next frame of the same direction has passed (a swap). It also cuts every connection on command
 * or periodically, and can reject new connections while a link is to stay down.
 *
 * <p>Frames are forwarded as the bytes received, never re-encoded. The policy runs on the proxy's
 * event loop, one frame at a time per connection, in arrival order.
 */
public final class FaultProxy implements AutoCloseable {

    /** Which way a frame travels: up from the child to the parent, or down to the child. */
    public enum Direction { UP, DOWN }

    /** What happens to one frame. */
    public enum Fault {
        PASS,
        DROP,
        DUPLICATE,
        /** Forwarded after {@link #delayMillis} while later frames pass it. */
        DELAY,
        /** Forwarded right after the next frame of the same direction, or after a second at the latest. */
        HOLD
    }

    /** Decides the fate of each frame. */
    @FunctionalInterface
    public interface Policy {
        Fault decide(Direction direction, FrameProto frame);
    }

    private static final int LENGTH_BYTES = 4;
    private static final int MAX_FRAME_BYTES = 64 << 20;
    private static final long HOLD_LIMIT_MILLIS = 1_000;

    private final HostPort target;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup links = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<Direction, Map<FrameProto.KindCase, AtomicLong>> frames = new EnumMap<>(Direction.class);
    private final Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final Channel server;
    private volatile Policy policy = (direction, frame) -> Fault.PASS;
    private volatile boolean rejecting;
    private volatile long delayMillis = 200;
    private ScheduledFuture<?> cutter;

    private FaultProxy(HostPort target) {
        this.target = target;
        for (Direction direction : Direction.values()) {
            Map<FrameProto.KindCase, AtomicLong> counts = new EnumMap<>(FrameProto.KindCase.class);
            for (FrameProto.KindCase kind : FrameProto.KindCase.values()) {
                counts.put(kind, new AtomicLong());
            }
            frames.put(direction, counts);
        }
        for (Fault fault : Fault.values()) {
            faults.put(fault, new AtomicLong());
        }
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer(Direction.UP, null))
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    /** Starts a proxy on a free port of 127.0.0.1 that forwards to {@code target}. */
    public static FaultProxy start(HostPort target) {
        return new FaultProxy(target);
    }

    /** Returns the address children connect to in place of the parent's. */
    public HostPort address() {
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        return new HostPort("127.0.0.1", bound.getPort());
    }

    /** Sets the policy applied to every frame from now on. */
    public void policy(Policy newPolicy) {
        this.policy = newPolicy;
    }

    /** Lets every frame pass again. */
    public void passAll() {
        policy((direction, frame) -> Fault.PASS);
    }

    public void delayMillis(long millis) {
        this.delayMillis = millis;
    }

    /** Closes every open connection, both ends. */
    public void cut() {
        startCut().awaitUninterruptibly();
    }

    private ChannelGroupFuture startCut() {
        cuts.incrementAndGet();
        return links.close();
    }

    /** Closes every connection and rejects new ones (accepted, then closed at once) until {@link #heal}. */
    public void cutAndReject() {
        rejecting = true;
        cut();
    }

    /** Accepts connections again. */
    public void heal() {
        rejecting = false;
    }

    /** Cuts every connection every {@code millis} until {@link #stopCutting}. */
    public synchronized void cutEvery(long millis) {
        stopCutting();
        cutter = group.next().scheduleAtFixedRate(this::startCut, millis, millis, TimeUnit.MILLISECONDS);
    }

    public synchronized void stopCutting() {
        if (cutter != null) {
            cutter.cancel(false);
            cutter = null;
        }
    }

    /** Returns the connections forwarded to the parent so far. */
    public int connections() {
        return connections.get();
    }

    /** Returns the number of cuts so far, on command or periodic. */
    public int cuts() {
        return cuts.get();
    }

    /** Returns the frames of a kind that arrived from one side, whatever their fate. */
    public long frames(Direction direction, FrameProto.KindCase kind) {
        return frames.get(direction).get(kind).get();
    }

    /** Returns the frames that got a fault. */
    public long faults(Fault fault) {
        return faults.get(fault).get();
    }

    @Override
    public void close() {
        stopCutting();
        server.close().awaitUninterruptibly();
        links.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private ChannelInitializer<SocketChannel> initializer(Direction direction, Channel peer) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                links.add(channel);
                channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, LENGTH_BYTES, 0, 0));
                channel.pipeline().addLast(new Relay(direction, peer));
            }
        };
    }

    private void connectToParent(Channel child, Relay childRelay) {
        ChannelFuture connect = new Bootstrap()
                .group(child.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(initializer(Direction.DOWN, child))
                .connect(target.host(), target.port());
        connect.addListener((ChannelFutureListener) done -> {
            if (!done.isSuccess() || !child.isActive()) {
                done.channel().close();
                child.close();
                return;
            }
            connections.incrementAndGet();
            childRelay.peer = done.channel();
            child.config().setAutoRead(true);
        });
    }

    private static FrameProto parse(ByteBuf frame) {
        try {
            return FrameProto.parseFrom(frame.nioBuffer(frame.readerIndex() + LENGTH_BYTES,
                    frame.readableBytes() - LENGTH_BYTES));
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /** Forwards the frames of one end of a connection to the other end. */
    private final class Relay extends ChannelInboundHandlerAdapter {

        private final Direction direction;
        private final Deque<ByteBuf> heldFrames = new ArrayDeque<>();
        private Channel peer;

        Relay(Direction direction, Channel peer) {
            this.direction = direction;
            this.peer = peer;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (direction == Direction.UP) {
                if (rejecting) {
                    ctx.close();
                } else {
                    connectToParent(ctx.channel(), this);
                }
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ByteBuf frame = (ByteBuf) message;
            FrameProto parsed = parse(frame);
            Fault fault = parsed == null ? Fault.PASS : policy.decide(direction, parsed);
            if (parsed != null) {
                frames.get(direction).get(parsed.getKindCase()).incrementAndGet();
            }
            faults.get(fault).incrementAndGet();
            apply(ctx, frame, fault);
        }

        private void apply(ChannelHandlerContext ctx, ByteBuf frame, Fault fault) {
            switch (fault) {
                case PASS -> {
                    forward(frame);
                    releaseHeld();
                }
                case DROP -> frame.release();
                case DUPLICATE -> {
                    forward(frame.retainedDuplicate());
                    forward(frame);
                    releaseHeld();
                }
                case DELAY -> ctx.executor().schedule(() -> forward(frame), delayMillis, TimeUnit.MILLISECONDS);
                case HOLD -> {
                    heldFrames.add(frame);
                    ctx.executor().schedule(this::releaseHeld, HOLD_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
                }
                default -> throw new IllegalStateException("fault: " + fault);
            }
        }

        private void releaseHeld() {
            while (!heldFrames.isEmpty()) {
                forward(heldFrames.poll());
            }
        }

        private void forward(ByteBuf frame) {
            Channel to = peer;
            if (to != null && to.isActive()) {
                to.writeAndFlush(frame);
            } else {
                frame.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            heldFrames.forEach(ByteBuf::release);
            heldFrames.clear();
            Channel to = peer;
            if (to != null) {
                to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
