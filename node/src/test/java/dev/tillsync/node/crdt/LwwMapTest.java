package dev.tillsync.node.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.event.Money;
import org.junit.jupiter.api.Test;

class LwwMapTest {

    private static final long SAME_MILLISECOND = 1_291_191_960_000L;
    private static final ReplicaId HQ = new ReplicaId("hq", 0x1f3aL);
    private static final ReplicaId TILL = new ReplicaId("uk-london/till-1", 0x2b7cL);

    @Test
    void sameMillisecondPricesResolveAlikeOnBoth() {
        HybridClock hqClock = new HybridClock(() -> SAME_MILLISECOND, 60_000, Timestamp.ZERO);
        HybridClock tillClock = new HybridClock(() -> SAME_MILLISECOND, 60_000, Timestamp.ZERO);
        LwwMap<String, Money> hqDelta = LwwMap.<String, Money>empty()
                .putDelta("85123A", Money.parse("2.55"), hqClock.now(), HQ);
        LwwMap<String, Money> tillDelta = LwwMap.<String, Money>empty()
                .putDelta("85123A", Money.parse("2.95"), tillClock.now(), TILL);

        LwwMap<String, Money> atHq = hqDelta.merge(tillDelta);
        LwwMap<String, Money> atTill = tillDelta.merge(hqDelta);

        assertThat(hqDelta.register("85123A").orElseThrow().timestamp())
                .isEqualTo(tillDelta.register("85123A").orElseThrow().timestamp());
        assertThat(atHq).isEqualTo(atTill);
        assertThat(atHq.get("85123A")).contains(Money.parse("2.55"));
        assertThat(atHq.register("85123A").orElseThrow().writer()).isEqualTo(HQ);
    }

    @Test
    void incarnationTieGoesToLowerUnsignedIncarnation() {
        ReplicaId restored = new ReplicaId("uk-london/till-1", 0x8000_0000_0000_0001L);
        ReplicaId original = new ReplicaId("uk-london/till-1", 5);
        Timestamp sameTime = new Timestamp(SAME_MILLISECOND, 0);
        LwwMap<String, Money> fromRestored = LwwMap.<String, Money>empty()
                .putDelta("71053", Money.parse("3.39"), sameTime, restored);
        LwwMap<String, Money> fromOriginal = LwwMap.<String, Money>empty()
                .putDelta("71053", Money.parse("3.49"), sameTime, original);

        LwwMap<String, Money> merged = fromRestored.merge(fromOriginal);

        assertThat(merged).isEqualTo(fromOriginal.merge(fromRestored));
        assertThat(merged.get("71053")).contains(Money.parse("3.49"));
    }

    @Test
    void laterTimestampWinsOverLowerReplica() {
        LwwMap<String, Money> early = LwwMap.<String, Money>empty()
                .putDelta("84406B", Money.parse("2.75"), new Timestamp(SAME_MILLISECOND, 3), HQ);
        LwwMap<String, Money> late = LwwMap.<String, Money>empty()
                .putDelta("84406B", Money.parse("2.65"), new Timestamp(SAME_MILLISECOND + 1, 0), TILL);

        LwwMap<String, Money> merged = early.merge(late);

        assertThat(merged.get("84406B")).contains(Money.parse("2.65"));
    }
}
