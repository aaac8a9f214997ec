package dev.tillsync.node.sim;

import dev.tillsync.node.net.Link;
import dev.tillsync.node.net.Scheduler;
import dev.tillsync.node.net.Session;
import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.ErrorProto;
import dev.tillsync.proto.v1.FrameProto;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One end of a simulated connection, owned by one node. Frames travel through the
 * {@link SimNetwork}, which decides their delay and whether they are lost, duplicated or
 * reordered; frames for a closed end vanish. Like a Netty channel, the end calls its session on the
 * owner's executor, never from inside a call the session made.
 */
public final class SimLink implements Link {

    private final SimNetwork network;
    private final SimNode owner;
    private final Scheduler process;
    private final Deque<FrameProto> held = new ArrayDeque<>();
    private SimLink peer;
    private Session session;
    private boolean open = true;
    private boolean paused;
    private boolean drainQueued;
    private boolean broken;
    private long bytesInFlight;
    private boolean overHighWater;

    SimLink(SimNetwork network, SimNode owner, Scheduler process) {
        this.network = network;
        this.owner = owner;
        this.process = process;
    }

    static void pair(SimLink a, SimLink b) {
        a.peer = b;
        b.peer = a;
    }

    void attach(Session session) {
        this.session = session;
    }

    SimNode owner() {
        return owner;
    }

    /** Returns the node id of the owner, which the far end reports as its remote address. */
    String name() {
        return owner.nodeId();
    }

    boolean isOpen() {
        return open;
    }

    /** Marks that a frame sent on this end was lost: nothing more gets through until the reset. */
    void breakConnection() {
        broken = true;
    }

    boolean isBroken() {
        return broken;
    }

    @Override
    public void send(FrameProto frame) {
        if (open) {
            network.transmit(this, peer, frame);
        }
    }

    /** Called by the network when a frame arrives at this end. */
    void deliver(FrameProto frame) {
        if (!open) {
            return;
        }
        held.add(frame);
        if (!paused) {
            drainLater();
        }
    }

    private void drainLater() {
        if (!drainQueued) {
            drainQueued = true;
            process.execute(this::drain);
        }
    }

    private void drain() {
        drainQueued = false;
        while (open && !paused && !held.isEmpty()) {
            session.onFrame(held.poll());
        }
    }

    /** Counts bytes sent on this end and not yet delivered or dropped, for backpressure. */
    void inFlight(long bytes) {
        bytesInFlight += bytes;
        if (bytesInFlight >= network.highWaterBytes()) {
            overHighWater = true;
        } else if (overHighWater && bytesInFlight <= network.highWaterBytes() / 2) {
            overHighWater = false;
            if (open) {
                process.execute(session::onWritable);
            }
        }
    }

    @Override
    public boolean isWritable() {
        return open && !overHighWater;
    }

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        paused = false;
        if (!held.isEmpty()) {
            drainLater();
        }
    }

    @Override
    public void close(ErrorCode code, String message) {
        if (!open) {
            return;
        }
        if (code != ErrorCode.ERROR_CODE_UNSPECIFIED) {
            network.transmitLast(this, peer, FrameProto.newBuilder()
                    .setError(ErrorProto.newBuilder().setCode(code).setMessage(message)).build());
        }
        cut();
    }

    /** Closes this end, as a reset connection does, and calls both sessions' {@code onClosed}. */
    void cut() {
        if (!open) {
            return;
        }
        open = false;
        held.clear();
        process.execute(session::onClosed);
        network.closeLater(this, peer);
    }

    /**
     * Closes this end because its process died. The far end learns of it after a network delay
     * when the operating system closes the socket, or never on a power loss: then only its idle
     * timeout ends the link.
     */
    void crash(boolean powerLoss) {
        if (!open) {
            return;
        }
        open = false;
        held.clear();
        if (powerLoss) {
            network.dropHeld(this);
        } else {
            network.closeLater(this, peer);
        }
    }

    void closeFromPeer() {
        if (!open) {
            return;
        }
        open = false;
        held.clear();
        process.execute(session::onClosed);
    }

    @Override
    public String remoteAddress() {
        return peer.name();
    }

    @Override
    public String toString() {
        return name() + " -> " + peer.name();
    }
}
