package dev.tillsync.loadtest.bench;

import dev.tillsync.node.crdt.GCounter;
import dev.tillsync.node.crdt.PNCounter;
import dev.tillsync.node.crdt.ReplicaId;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Merge of two concurrent stock counters of 1,000 replicas each, as when a store server merges the
 * counter of a SKU that another server has updated independently.
 *
 * <p>Counter A has replicas 0 to 999 and counter B replicas 500 to 1,499. On the 500 replicas they
 * share, A is ahead on even replicas and B on odd ones, so neither counter subsumes the other and
 * the merge takes the maximum entry by entry in both halves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PNCounterMergeBenchmark {

    static final int REPLICAS_PER_COUNTER = 1_000;
    static final int SHARED_REPLICAS = 500;

    private PNCounter a;
    private PNCounter b;

    @Setup
    public void createCounters() {
        a = counter(0, true);
        b = counter(REPLICAS_PER_COUNTER - SHARED_REPLICAS, false);
        if (a.isSubsumedBy(b) || b.isSubsumedBy(a)) {
            throw new IllegalStateException("the counters are not concurrent");
        }
    }

    @Benchmark
    public void mergeConcurrentCounters(Blackhole blackhole) {
        blackhole.consume(a.merge(b));
    }

    /**
     * Returns a counter with replicas {@code first} to {@code first + 999}: increments of 1,000 plus
     * the replica's index and decrements of half that, raised by 7 on even replicas when
     * {@code aheadOnEven} is true and on odd ones when it is false.
     */
    static PNCounter counter(int first, boolean aheadOnEven) {
        Map<ReplicaId, Long> increments = new TreeMap<>();
        Map<ReplicaId, Long> decrements = new TreeMap<>();
        for (int i = first; i < first + REPLICAS_PER_COUNTER; i++) {
            long lead = (i % 2 == 0) == aheadOnEven ? 7 : 0;
            increments.put(replica(i), 1_000L + i + lead);
            decrements.put(replica(i), (1_000L + i) / 2 + lead);
        }
        return PNCounter.of(GCounter.of(increments), GCounter.of(decrements));
    }

    /** Returns the id of till {@code i}, with an incarnation spread over the whole unsigned range. */
    static ReplicaId replica(int i) {
        String nodeId = "store-" + (i / 20) + "/till-" + (i % 20);
        return new ReplicaId(nodeId, i * 0x9E37_79B9_7F4A_7C15L);
    }
}
