package dev.tillsync.node.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Listens for children and observers on one address. */
public final class NodeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeServer.class);

    private final String nodeId;
    private final Channel channel;
    private final ChannelGroup accepted;

    private NodeServer(String nodeId, Channel channel, ChannelGroup accepted) {
        this.nodeId = nodeId;
        this.channel = channel;
        this.accepted = accepted;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one).
     *
     * @throws BindFailedException if the address cannot be bound, naming it
     */
    public static NodeServer bind(Transport transport, String nodeId, String host, int port, SessionFactory factory) {
        ChannelGroup accepted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ChannelFuture bound = transport.server(factory, accepted).bind(host, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new BindFailedException("cannot listen on " + host + ":" + port + ": "
                    + bound.cause().getMessage() + "; choose another --listen address", bound.cause());
        }
        NodeServer server = new NodeServer(nodeId, bound.channel(), accepted);
        LOG.info("{}: listening on {}", nodeId, server.address());
        return server;
    }

    /** Returns the address bound, with the port chosen. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Returns the address as {@code host:port}. */
    public String hostAndPort() {
        InetSocketAddress address = address();
        return address.getHostString() + ":" + address.getPort();
    }

    /** Stops accepting and closes every link accepted. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        accepted.close().awaitUninterruptibly();
        LOG.info("{}: stopped listening", nodeId);
    }
}
