package dev.tillsync.node.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one link open to the parent: connects, and after every failure or loss waits a backoff
 * delay (exponential with jitter) and connects again, until stopped. A link that closes within
 * seconds (a refused handshake) counts as a failure, so a refusing parent is not hammered. A link the
 * parent rejected for good ({@link Link#markRejected}) waits the maximum backoff. The first failure to
 * connect and the first rejection are logged at WARN, the next ones at DEBUG; the session logs the recovery.
 */
public final class ParentConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParentConnector.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** A link that closes sooner than this after it opened (refused, say) counts as a failed attempt. */
    private static final long STABLE_LINK_MILLIS = 5_000;

    private final Transport transport;
    private final String nodeId;
    private final String host;
    private final int port;
    private final SessionFactory factory;
    private final EventLoop loop;
    private final Backoff backoff;
    private volatile boolean stopped;
    private volatile Channel channel;
    private int failures;
    private int rejections;
    private long connectedAtMillis;

    public ParentConnector(Transport transport, String nodeId, String host, int port, SessionFactory factory,
                           long backoffBaseMillis, long backoffCapMillis) {
        this.transport = transport;
        this.nodeId = nodeId;
        this.host = host;
        this.port = port;
        this.factory = factory;
        this.loop = transport.group().next();
        this.backoff = new Backoff(backoffBaseMillis, backoffCapMillis, new SplittableRandom());
    }

    /** Starts connecting; returns at once. */
    public void start() {
        loop.execute(this::connect);
    }

    /** Returns the parent's address as {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }

    public boolean isConnected() {
        Channel current = channel;
        return current != null && current.isActive();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        ChannelFuture future = transport.client(factory, CONNECT_TIMEOUT_MILLIS).connect(host, port);
        future.addListener(done -> loop.execute(() -> connected(future)));
    }

    private void connected(ChannelFuture future) {
        if (!future.isSuccess()) {
            failed(future.cause());
            return;
        }
        channel = future.channel();
        if (stopped) {
            channel.close();
            return;
        }
        LOG.debug("{}: connected to {} after {} failed attempts", nodeId, address(), failures);
        connectedAtMillis = System.currentTimeMillis();
        Channel opened = channel;
        opened.closeFuture().addListener(closed -> loop.execute(() -> lost(opened)));
    }

    private void lost(Channel closed) {
        channel = null;
        String rejection = closed.attr(NettyLink.REJECTED).get();
        if (rejection != null) {
            rejected(rejection);
            return;
        }
        if (System.currentTimeMillis() - connectedAtMillis >= STABLE_LINK_MILLIS) {
            failures = 0;
            rejections = 0;
            backoff.reset();
        } else {
            failures++;
        }
        if (!stopped) {
            scheduleRetry();
        }
    }

    private void failed(Throwable cause) {
        failures++;
        if (failures == 1) {
            LOG.warn("{}: cannot reach the parent {}: {}; retrying with backoff", nodeId, address(),
                    cause.getMessage());
        } else {
            LOG.debug("{}: attempt {} to reach the parent {} failed: {}", nodeId, failures, address(),
                    cause.getMessage());
        }
        scheduleRetry();
    }

    /**
     * Retries after the maximum backoff, because the parent would reject this node again at once. The
     * first rejection in a row is logged at WARN, the next ones at DEBUG.
     */
    private void rejected(String reason) {
        failures++;
        rejections++;
        long delay = backoff.maxDelayMillis();
        if (rejections == 1) {
            LOG.warn("{}: the parent {} rejected this node: {}; retrying every {} ms", nodeId, address(), reason,
                    delay);
        } else {
            LOG.debug("{}: the parent {} rejected this node again (rejections={}): {}", nodeId, address(),
                    rejections, reason);
        }
        if (!stopped) {
            loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void scheduleRetry() {
        if (!stopped) {
            loop.schedule(this::connect, backoff.nextDelayMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops reconnecting and closes the link. */
    @Override
    public void close() {
        stopped = true;
        Channel current = channel;
        if (current != null) {
            current.close().syncUninterruptibly();
        }
    }
}
