package dev.tillsync.node.sim;

import dev.tillsync.node.net.Link;
import dev.tillsync.node.net.Session;
import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.ErrorProto;
import dev.tillsync.proto.v1.FrameProto;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One end of a simulated connection. Frames travel through the {@link SimNetwork}, which decides
 * their delay and whether they are lost, duplicated or reordered; frames for a closed link vanish.
 */
public final class SimLink implements Link {

    private final SimNetwork network;
    private final String name;
    private SimLink peer;
    private Session session;
    private boolean open = true;
    private boolean paused;
    private final Deque<FrameProto> held = new ArrayDeque<>();

    SimLink(SimNetwork network, String name) {
        this.network = network;
        this.name = name;
    }

    static void pair(SimLink a, SimLink b) {
        a.peer = b;
        b.peer = a;
    }

    void attach(Session session) {
        this.session = session;
    }

    Session session() {
        return session;
    }

    boolean isOpen() {
        return open;
    }

    @Override
    public void send(FrameProto frame) {
        if (open && peer.open) {
            network.transmit(this, peer, frame);
        }
    }

    /** Called by the network when a frame arrives at this end. */
    void deliver(FrameProto frame) {
        if (!open) {
            return;
        }
        if (paused) {
            held.add(frame);
            return;
        }
        session.onFrame(frame);
    }

    @Override
    public boolean isWritable() {
        return open;
    }

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        paused = false;
        while (!paused && open && !held.isEmpty()) {
            session.onFrame(held.poll());
        }
    }

    @Override
    public void close(ErrorCode code, String message) {
        if (!open) {
            return;
        }
        if (code != ErrorCode.ERROR_CODE_UNSPECIFIED && peer.open) {
            network.transmitLast(this, peer, FrameProto.newBuilder()
                    .setError(ErrorProto.newBuilder().setCode(code).setMessage(message)).build());
        }
        cut();
    }

    /** Closes both ends, as a broken connection does, and tells both sessions. */
    void cut() {
        if (!open) {
            return;
        }
        open = false;
        held.clear();
        network.scheduler().execute(session::onClosed);
        if (peer.open) {
            network.closeLater(peer);
        }
    }

    void closeFromPeer() {
        if (!open) {
            return;
        }
        open = false;
        held.clear();
        session.onClosed();
    }

    @Override
    public String remoteAddress() {
        return peer.name;
    }

    @Override
    public String toString() {
        return name;
    }
}
