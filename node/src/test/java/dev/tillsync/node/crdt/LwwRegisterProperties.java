package dev.tillsync.node.crdt;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.event.Money;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The CRDT laws for {@link LwwRegister} holding a price, and the last-writer-wins choice: every
 * replica keeps the write with the greatest timestamp, and of writes with equal timestamps the one of
 * the lower replica id, whatever order the writes arrive in.
 */
class LwwRegisterProperties extends CrdtLaws<LwwRegister<Money>> {

    @Override
    protected Gen<History<LwwRegister<Money>>> histories() {
        return CrdtGenerators.lwwRegisterHistories();
    }

    @Override
    protected Gen<Mutator<LwwRegister<Money>>> mutators() {
        return CrdtGenerators.lwwAssignments();
    }

    /**
     * The same writes delivered to three to five replicas, each in its own order, leave every replica
     * with the write of the greatest (timestamp, lower replica id).
     */
    @Test
    void replicasPickSameWriteInAnyOrder() {
        qt().forAll(CrdtGenerators.priceWrites().flatMap(writes -> CrdtGenerators.deliveryOrders(writes.size())
                .map(orders -> new Deliveries(writes, orders)))).checkAssert(deliveries -> {
                    LwwRegister<Money> expected = Collections.max(deliveries.writes(), CrdtGenerators.lwwOrder());

                    List<LwwRegister<Money>> replicas = deliveries.deliverAll();

                    assertThat(replicas).allSatisfy(replica -> assertThat(replica).isEqualTo(expected));
                });
    }

    /** Of two writes with one timestamp by two replicas, the lower replica's wins whichever merges first. */
    @Test
    void equalTimestampsResolveToLowerReplica() {
        qt().forAll(CrdtGenerators.replicaPools(), CrdtGenerators.timestamps(), CrdtGenerators.prices(),
                CrdtGenerators.prices()).checkAssert((pool, timestamp, firstPrice, secondPrice) -> {
                    LwwRegister<Money> first = LwwRegister.of(firstPrice, timestamp, pool.get(0));
                    LwwRegister<Money> second = LwwRegister.of(secondPrice, timestamp, pool.get(1));
                    LwwRegister<Money> lower = pool.get(0).compareTo(pool.get(1)) < 0 ? first : second;

                    LwwRegister<Money> firstThenSecond = first.merge(second);
                    LwwRegister<Money> secondThenFirst = second.merge(first);

                    assertThat(firstThenSecond).isEqualTo(lower);
                    assertThat(secondThenFirst).isEqualTo(lower);
                });
    }

    /** Once every delta of a history arrives, the register contains the last write of the whole history. */
    @Test
    void lastWriteOfHistoryWinsOnceConverged() {
        qt().forAll(histories()).checkAssert(history -> {
            List<LwwRegister<Money>> writes = new ArrayList<>();
            writes.add(history.initial());
            for (History.Applied<LwwRegister<Money>> update : history.updates()) {
                Money price = ((CrdtGenerators.LwwAssign) update.mutator()).price();
                writes.add(LwwRegister.of(price, update.timestamp(), update.replica()));
            }

            LwwRegister<Money> converged = history.mergeOfAll();

            assertThat(converged).isEqualTo(Collections.max(writes, CrdtGenerators.lwwOrder()));
        });
    }

    /** Price writes and, for each replica, the order in which it receives them. */
    record Deliveries(List<LwwRegister<Money>> writes, List<List<Integer>> orders) {

        List<LwwRegister<Money>> deliverAll() {
            List<LwwRegister<Money>> replicas = new ArrayList<>();
            for (List<Integer> order : orders) {
                LwwRegister<Money> state = writes.get(order.get(0));
                for (int write : order) {
                    state = state.merge(writes.get(write));
                }
                replicas.add(state);
            }
            return replicas;
        }
    }
}
