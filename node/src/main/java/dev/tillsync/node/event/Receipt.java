package dev.tillsync.node.event;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;

/**
 * Receipt numbers. A receipt number is derived from the sale's dot: the node id, the replica's
 * incarnation in base 36 and the counter, for example {@code uk-london/till-3-2k9x1q0f7zd3m-42}.
 * It is unique without coordination because dots are.
 */
public final class Receipt {

    private Receipt() {
    }

    /** Returns the receipt number of the sale or return with this dot. */
    public static String number(Dot dot) {
        ReplicaId replica = dot.replica();
        return replica.nodeId() + "-" + Long.toUnsignedString(replica.incarnation(), 36) + "-" + dot.counter();
    }

    /**
     * Returns the dot a receipt number was derived from.
     *
     * @throws IllegalArgumentException if {@code number} is not a receipt number
     */
    public static Dot parse(String number) {
        int counterStart = number.lastIndexOf('-');
        int incarnationStart = counterStart > 0 ? number.lastIndexOf('-', counterStart - 1) : -1;
        if (incarnationStart <= 0) {
            throw invalid(number, null);
        }
        try {
            long incarnation = Long.parseUnsignedLong(number.substring(incarnationStart + 1, counterStart), 36);
            long counter = Long.parseLong(number.substring(counterStart + 1));
            return new Dot(new ReplicaId(number.substring(0, incarnationStart), incarnation), counter);
        } catch (IllegalArgumentException e) {
            throw invalid(number, e);
        }
    }

    private static IllegalArgumentException invalid(String number, Exception cause) {
        return new IllegalArgumentException("receipt number: \"" + number
                + "\" (expected: <node id>-<incarnation>-<counter>, as printed on the receipt)", cause);
    }
}
