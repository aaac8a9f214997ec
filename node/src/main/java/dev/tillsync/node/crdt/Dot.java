package dev.tillsync.node.crdt;

import java.util.Objects;

/**
 * The unique id of one event: the replica that created it and its position in that replica's
 * sequence, counted from 1 without gaps. Ordered by replica, then by counter.
 */
public record Dot(ReplicaId replica, long counter) implements Comparable<Dot> {

    public Dot {
        Objects.requireNonNull(replica, "replica");
        if (counter < 1) {
            throw new IllegalArgumentException("counter: " + counter + " (expected: >= 1)");
        }
    }

    @Override
    public int compareTo(Dot other) {
        int byReplica = replica.compareTo(other.replica);
        return byReplica != 0 ? byReplica : Long.compare(counter, other.counter);
    }

    @Override
    public String toString() {
        return replica + ":" + counter;
    }
}
