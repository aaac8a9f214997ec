package dev.tillsync.node.net;

import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.FrameProto;

/**
 * One connection to a peer, as a session sees it. Methods are called from the session's executor.
 */
public interface Link {

    /** Queues a frame for sending. Frames arrive in the order they are sent, or not at all. */
    void send(FrameProto frame);

    /**
     * Returns false while the transport's outbound buffer is above its high-water mark; the session
     * then stops producing batches until {@link Session#onWritable} is called.
     */
    boolean isWritable();

    /** Stops delivering received frames until {@link #resumeReading}: backpressure on the peer. */
    void pauseReading();

    void resumeReading();

    /** Sends an error frame if {@code code} is set, then closes the connection. */
    void close(ErrorCode code, String message);

    /**
     * Records that the peer rejected this node for a reason that reconnecting cannot change, so the
     * connector that opened the link waits its maximum backoff before the next attempt. A link that
     * no connector opened ignores it.
     */
    default void markRejected(String reason) {
    }

    /** Returns the remote address for logs, such as {@code 127.0.0.1:52114}. */
    String remoteAddress();
}
