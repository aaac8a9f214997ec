package dev.tillsync.node.crdt;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.event.Event;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The CRDT laws for {@link DotMap} of events, the event log of a node, and what the log contains once
 * replicas converge.
 */
class DotMapProperties extends CrdtLaws<DotMap<Event>> {

    @Override
    protected Gen<History<DotMap<Event>>> histories() {
        return CrdtGenerators.eventHistories();
    }

    @Override
    protected Gen<Mutator<DotMap<Event>>> mutators() {
        return CrdtGenerators.eventRecordings();
    }

    /**
     * Once every delta arrives, the log contains exactly one event per recording of the history, each
     * the event its replica recorded under that dot, and each replica's dots run from 1 without gaps.
     */
    @Test
    void convergedLogHoldsEveryRecordedEventOnce() {
        qt().forAll(histories()).checkAssert(history -> {
            Map<ReplicaId, Long> recordings = new TreeMap<>();
            history.updates().forEach(update -> recordings.merge(update.replica(), 1L, Long::sum));

            DotMap<Event> converged = history.mergeOfAll();

            assertThat(converged.size()).isEqualTo(history.updates().size());
            assertThat(converged.contiguousVector()).isEqualTo(VersionVector.of(recordings));
            converged.values().forEach((dot, event) -> assertThat(event).isEqualTo(CrdtGenerators.eventOf(dot)));
        });
    }

    /**
     * For each replica, contiguousVector() is the greatest n such that the map contains every dot from 1
     * to n of that replica, also in states where deltas arrived out of order and left gaps.
     */
    @Test
    void contiguousVectorStopsAtFirstMissingDot() {
        qt().forAll(CrdtGenerators.eventMaps()).checkAssert(events -> {
            VersionVector contiguous = events.contiguousVector();

            for (ReplicaId replica : CrdtGenerators.replicaUniverse()) {
                long expected = 0;
                while (events.contains(new Dot(replica, expected + 1))) {
                    expected++;
                }
                assertThat(contiguous.get(replica)).as("contiguous counter of %s", replica).isEqualTo(expected);
            }
        });
    }
}
