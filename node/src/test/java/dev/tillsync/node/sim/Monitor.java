package dev.tillsync.node.sim;

import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.proto.v1.FrameProto;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The checks made while a simulation runs, not only at its end. A node's version vector never goes
 * back, because a restart must find everything it had; only a deliberate restore, which takes a new
 * incarnation, may go back. No node acknowledges an event it has not stored. A failure throws at
 * once, from inside the step or frame that broke the rule.
 */
final class Monitor implements SimNetwork.FrameObserver {

    private final Map<SimNode, VersionVector> lastVectors = new IdentityHashMap<>();
    private final SimScheduler scheduler;

    Monitor(SimScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Checks the vector of every node that is up against the last one seen.
     *
     * @throws AssertionError if a vector lost an entry or went back in one
     */
    void poll(Collection<SimNode> nodes) {
        for (SimNode node : nodes) {
            if (!node.isUp()) {
                continue;
            }
            VersionVector current = node.store().vector();
            VersionVector last = lastVectors.put(node, current);
            if (last != null && !current.dominates(last)) {
                throw new AssertionError("vectors: the version vector of " + node.nodeId() + " went back at "
                        + scheduler.currentTimeMillis() + " ms, from " + last + " to " + current);
            }
        }
    }

    /** Forgets the last vector of a node restored from a backup, which may rightly be lower. */
    void restored(SimNode node) {
        lastVectors.remove(node);
    }

    /**
     * Checks that an acknowledgement claims no more than its sender has stored.
     *
     * @throws AssertionError if the acknowledged vector exceeds the sender's store vector
     */
    @Override
    public void sent(SimLink from, FrameProto frame) {
        if (!frame.hasAck() || !from.owner().isUp()) {
            return;
        }
        VersionVector acknowledged = CrdtProtoMapper.fromProto(frame.getAck().getVector());
        VersionVector stored = from.owner().store().vector();
        if (!stored.dominates(acknowledged)) {
            throw new AssertionError("acknowledgements: " + from.owner().nodeId() + " acknowledged "
                    + acknowledged + " to " + from.remoteAddress() + " at " + scheduler.currentTimeMillis()
                    + " ms but has stored only " + stored);
        }
    }
}
