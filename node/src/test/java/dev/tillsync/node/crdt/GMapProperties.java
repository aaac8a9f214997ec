package dev.tillsync.node.crdt;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The CRDT laws for {@link GMap} of {@link PNCounter}s, the stock of a store by SKU, and the stock
 * of each SKU once replicas converge.
 */
class GMapProperties extends CrdtLaws<GMap<String, PNCounter>> {

    @Override
    protected Gen<History<GMap<String, PNCounter>>> histories() {
        return CrdtGenerators.stockHistories();
    }

    @Override
    protected Gen<Mutator<GMap<String, PNCounter>>> mutators() {
        return CrdtGenerators.stockAdds();
    }

    /**
     * Once every delta arrives, the stock of each SKU is the sum of the history's additions to that
     * SKU, each counted once, and no SKU appears that no update touched.
     */
    @Test
    void stockEqualsIncrementsMinusDecrementsPerSku() {
        qt().forAll(histories()).checkAssert(history -> {
            Map<String, Long> expected = new TreeMap<>();
            for (History.Applied<GMap<String, PNCounter>> update : history.updates()) {
                CrdtGenerators.StockAdd add = (CrdtGenerators.StockAdd) update.mutator();
                expected.merge(add.sku(), add.amount(), Long::sum);
            }

            Map<String, Long> stock = new TreeMap<>();
            history.mergeOfAll().values().forEach((sku, counter) -> stock.put(sku, counter.value()));

            assertThat(stock).isEqualTo(expected);
        });
    }
}
