package dev.tillsync.node.store;

import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.Event;
import java.util.List;
import java.util.Objects;

/**
 * A run of one replica's events as a peer sends it: every event of {@code origin} with a counter in
 * ({@code afterCounter}, {@code throughCounter}] that concerns the receiver. Events of that run that
 * concern other scopes are left out, so the counters of {@code events} may have gaps.
 *
 * @param afterPurge true when the sender purged the events before {@code afterCounter} and the
 *                   receiver must accept the gap instead of waiting for them
 */
public record EventRange(ReplicaId origin, long afterCounter, long throughCounter, List<Event> events,
                         boolean afterPurge) {

    public EventRange {
        Objects.requireNonNull(origin, "origin");
        events = List.copyOf(events);
        if (afterCounter < 0 || throughCounter < afterCounter) {
            throw new IllegalArgumentException("range of " + origin + ": (" + afterCounter + ", " + throughCounter
                    + "] (expected: 0 <= after <= through)");
        }
        long previous = afterCounter;
        for (Event event : events) {
            long counter = event.dot().counter();
            if (!event.dot().replica().equals(origin) || counter <= previous || counter > throughCounter) {
                throw new IllegalArgumentException("range of " + origin + " (" + afterCounter + ", " + throughCounter
                        + "]: event " + event.dot() + " is out of order or outside the range");
            }
            previous = counter;
        }
    }
}
