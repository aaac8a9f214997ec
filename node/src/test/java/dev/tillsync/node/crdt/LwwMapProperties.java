package dev.tillsync.node.crdt;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.event.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The CRDT laws for {@link LwwMap} from SKU to price, and the last-writer-wins choice per SKU
 * whatever order the writes arrive in.
 */
class LwwMapProperties extends CrdtLaws<LwwMap<String, Money>> {

    @Override
    protected Gen<History<LwwMap<String, Money>>> histories() {
        return CrdtGenerators.lwwMapHistories();
    }

    @Override
    protected Gen<Mutator<LwwMap<String, Money>>> mutators() {
        return CrdtGenerators.lwwPuts();
    }

    /**
     * The same price writes delivered to three to five replicas, each in its own order, leave every
     * replica with, for each SKU written, the write of the greatest (timestamp, lower replica id).
     */
    @Test
    void replicasPickSameWritePerSkuInAnyOrder() {
        qt().forAll(CrdtGenerators.skuPriceWrites().flatMap(writes -> CrdtGenerators.deliveryOrders(writes.size())
                .map(orders -> new Deliveries(writes, orders)))).checkAssert(deliveries -> {
                    LwwMap<String, Money> expected = lastWritePerSku(deliveries.writes());

                    List<LwwMap<String, Money>> replicas = deliveries.deliverAll();

                    assertThat(replicas).allSatisfy(replica -> assertThat(replica).isEqualTo(expected));
                });
    }

    private static LwwMap<String, Money> lastWritePerSku(List<LwwMap<String, Money>> writes) {
        Map<String, LwwRegister<Money>> winners = new TreeMap<>();
        for (LwwMap<String, Money> write : writes) {
            write.registers().forEach((sku, register) -> winners.merge(sku, register, CrdtGenerators::lastWriter));
        }
        return LwwMap.of(winners);
    }

    /** Price writes, each a one-key delta, and for each replica the order in which it receives them. */
    record Deliveries(List<LwwMap<String, Money>> writes, List<List<Integer>> orders) {

        List<LwwMap<String, Money>> deliverAll() {
            List<LwwMap<String, Money>> replicas = new ArrayList<>();
            for (List<Integer> order : orders) {
                LwwMap<String, Money> state = LwwMap.empty();
                for (int write : order) {
                    state = state.merge(writes.get(write));
                }
                replicas.add(state);
            }
            return replicas;
        }
    }
}
