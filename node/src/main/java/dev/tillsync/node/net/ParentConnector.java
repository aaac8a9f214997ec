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
 * delay (exponential with jitter) and connects again, until stopped. Failures are logged once at
 * WARN and then at DEBUG with a count; the recovery is logged at INFO.
 */
public final class ParentConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParentConnector.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

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
        if (failures > 0) {
            LOG.info("{}: reached the parent {} after {} failed attempts", nodeId, address(), failures);
        }
        failures = 0;
        channel.closeFuture().addListener(closed -> loop.execute(this::lost));
    }

    private void lost() {
        channel = null;
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

    private void scheduleRetry() {
        if (stopped) {
            return;
        }
        long delay = failures == 0 ? backoff.nextDelayMillis() / 4 : backoff.nextDelayMillis();
        if (failures == 0) {
            backoff.reset();
        }
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
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
