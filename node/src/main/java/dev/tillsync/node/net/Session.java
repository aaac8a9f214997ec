package dev.tillsync.node.net;

import dev.tillsync.proto.v1.FrameProto;

/**
 * The protocol logic of one link, driven by a transport. Every method is called from the session's
 * executor, one at a time.
 */
public interface Session {

    /** The connection is open; a connecting side sends its hello. */
    void onOpen();

    /** A frame arrived. Malformed content closes the link; it never throws. */
    void onFrame(FrameProto frame);

    /** The transport can take more frames. */
    void onWritable();

    /** The connection is closed, by either side. */
    void onClosed();

    /** Returns bytes and events counted on this link. */
    LinkStats stats();
}
