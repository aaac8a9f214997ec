package dev.tillsync.node.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PNCounterTest {

    private static final ReplicaId STORE = new ReplicaId("uk-london", 0x11L);
    private static final ReplicaId TILL_1 = new ReplicaId("uk-london/till-1", 0x21L);
    private static final ReplicaId TILL_2 = new ReplicaId("uk-london/till-2", 0x31L);

    @Test
    void sameDeltaDeliveredTwiceIsCountedOnce() {
        PNCounter store = PNCounter.empty().incrementDelta(STORE, 10);
        PNCounter sale = store.decrementDelta(TILL_1, 3);

        PNCounter once = store.merge(sale);
        PNCounter twice = once.merge(sale);

        assertThat(once.value()).isEqualTo(7);
        assertThat(twice.value()).isEqualTo(7);
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void retriedDeltaAfterLaterSaleIsCountedOnce() {
        PNCounter till = PNCounter.empty().incrementDelta(STORE, 10);
        PNCounter firstSale = till.decrementDelta(TILL_1, 3);
        till = till.merge(firstSale);
        PNCounter secondSale = till.decrementDelta(TILL_1, 2);
        till = till.merge(secondSale);

        PNCounter store = PNCounter.empty().incrementDelta(STORE, 10).merge(secondSale).merge(firstSale);

        assertThat(store.value()).isEqualTo(5);
        assertThat(store).isEqualTo(till);
    }

    @Test
    void stockBelowZeroStaysNegativeAfterMerge() {
        PNCounter delivered = PNCounter.empty().incrementDelta(STORE, 2);
        PNCounter saleOnTill1 = delivered.decrementDelta(TILL_1, 2);
        PNCounter saleOnTill2 = delivered.decrementDelta(TILL_2, 2);
        PNCounter till1 = delivered.merge(saleOnTill1);
        PNCounter till2 = delivered.merge(saleOnTill2);

        PNCounter afterSync1 = till1.merge(till2);
        PNCounter afterSync2 = till2.merge(till1);

        assertThat(till1.value()).isZero();
        assertThat(afterSync1.value()).isEqualTo(-2);
        assertThat(afterSync2).isEqualTo(afterSync1);
        assertThat(afterSync1.increments().value()).isEqualTo(2);
        assertThat(afterSync1.decrements().value()).isEqualTo(4);
    }

    @Test
    void addDeltaOfZeroChangesNothing() {
        PNCounter stock = PNCounter.empty().incrementDelta(STORE, 4);

        PNCounter delta = stock.addDelta(TILL_1, 0);

        assertThat(stock.merge(delta)).isEqualTo(stock);
    }
}
