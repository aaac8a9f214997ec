package dev.tillsync.node.sync;

import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.AckChain;
import dev.tillsync.node.store.NodeStore;
import java.time.LocalDate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops old events from a node's log once they are safe elsewhere. An event of this node's own
 * subtree may go only when the root of the chain acknowledged it, which implies the parent did. A
 * store restored from a backup can therefore still get every sale again from its tills. An event
 * that came down from the parent may go at any age. The root has no one to acknowledge its events and
 * drops none of its subtree. Stock, prices and items keep the effects of dropped events.
 */
public final class Purger {

    private static final Logger LOG = LoggerFactory.getLogger(Purger.class);
    private static final int EVENTS_PER_BATCH = 10_000;

    private Purger() {
    }

    /** Returns the test an event must pass to be dropped: business date before {@code before}, and safe. */
    public static Predicate<Event> eligible(TreePosition position, AckChain acks, LocalDate before) {
        return event -> {
            if (!event.businessDate().isBefore(before)) {
                return false;
            }
            boolean ownSubtree = position.hasInSubtree(event.dot().replica().nodeId());
            if (!ownSubtree) {
                return true;
            }
            return !position.root() && !acks.levels().isEmpty() && acks.root().contains(event.dot());
        };
    }

    /**
     * Drops every eligible event of business dates before {@code before}, in batches.
     *
     * @return the number of events dropped
     */
    public static long purge(NodeStore store, TreePosition position, LocalDate before) {
        Predicate<Event> eligible = eligible(position, store.ackChain(), before);
        long total = 0;
        while (true) {
            long dropped = store.purge(eligible, EVENTS_PER_BATCH).join();
            total += dropped;
            if (dropped < EVENTS_PER_BATCH) {
                break;
            }
        }
        if (total > 0) {
            LOG.info("{}: purged {} events of business dates before {}", position.nodeId(), total, before);
        }
        return total;
    }

    /** Returns the number of events held here that are not yet acknowledged by the root, for messages. */
    public static long heldBackByAcknowledgement(NodeStore store, TreePosition position, LocalDate before) {
        AckChain acks = store.ackChain();
        long[] count = {0};
        store.reader().forEachEvent(event -> {
            boolean old = event.businessDate().isBefore(before);
            boolean own = position.hasInSubtree(event.dot().replica().nodeId());
            if (old && own && !(acks.levels().size() > 0 && acks.root().contains(event.dot()))) {
                count[0]++;
            }
            return true;
        });
        return count[0];
    }
}
