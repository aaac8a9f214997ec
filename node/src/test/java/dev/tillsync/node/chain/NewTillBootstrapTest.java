package dev.tillsync.node.chain;

import static dev.tillsync.node.chain.support.ChainFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.TestSettings;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.Scope;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A till that joins a running store takes its state by snapshot over a real socket. */
class NewTillBootstrapTest {

    @TempDir
    Path directory;

    private ChainFixture chain;

    @AfterEach
    void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void newTillSeesPricesAndStock() {
        chain = ChainFixture.start(directory, TestSettings.fast());
        NodeRuntime hq = chain.hq();
        NodeRuntime store = chain.store();
        hq.pos().setPrice(Scope.chain(), "A", Money.parse("2.00"));
        hq.pos().setPrice(Scope.chain(), "B", Money.parse("3.00"));
        eventually("hq's prices at the store").until(() -> store.pos().price("", "B").isPresent()
                && store.pos().price("", "A").isPresent());
        store.pos().setPrice(Scope.store(ChainFixture.STORE), "B", Money.parse("2.50"));
        store.pos().receiveStock("", "A", 40, "delivery 1", "");
        store.pos().receiveStock("", "B", 15, "delivery 1", "");
        store.pos().adjustStock("", "B", -2, "breakage", "", "");

        NodeRuntime till = chain.startTill("s1/till-1");
        eventually("the till's snapshot").until(() -> till.parentConnected() && !till.replicator().needsBootstrap());

        assertThat(till.pos().price("", "A")).contains(Money.parse("2.00"));
        assertThat(till.pos().price("", "B")).as("store override").contains(Money.parse("2.50"));
        assertThat(till.pos().stockOnHand("", "A")).isEqualTo(40);
        assertThat(till.pos().stockOnHand("", "B")).isEqualTo(13);
        assertThat(till.store().events(event -> true)).as("state came as a snapshot, not as events").isEmpty();
        assertThat(till.store().reader().digest(Scope.store(ChainFixture.STORE)))
                .isEqualTo(store.store().reader().digest(Scope.store(ChainFixture.STORE)));
        assertThat(till.store().reader().digest(Scope.chain())).isEqualTo(hq.store().reader().digest(Scope.chain()));

        hq.pos().setPrice(Scope.chain(), "A", Money.parse("2.20"));

        eventually("hq's new price at the till").until(() -> till.pos().price("", "A")
                .equals(java.util.Optional.of(Money.parse("2.20"))));
        chain.awaitConverged();
    }
}
