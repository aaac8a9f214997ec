package dev.tillsync.node.chain;

import static dev.tillsync.node.chain.support.ChainFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.Commands;
import dev.tillsync.node.chain.support.FaultProxy;
import dev.tillsync.node.chain.support.TestSettings;
import dev.tillsync.node.chain.support.Trading;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.pos.Durability;
import dev.tillsync.node.store.NodeStore;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tillsync purge} on a stopped till drops the sales the root acknowledged and keeps those
 * still waiting for a link, which reach hq once the link returns.
 */
class PurgeTest {

    private static final String TILL = "s1/till-1";
    private static final int ACKNOWLEDGED = 5;
    private static final int OFFLINE = 8;

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
    void purgeOfStoppedStoreDropsWhatHqAcknowledged() {
        chain = ChainFixture.start(directory, TestSettings.fast());
        Dot received = chain.store().pos().receiveStock("", "A", 100, "delivery 1", "2010-12-01").dot();
        eventually("hq to acknowledge the delivery").until(() -> chain.store().pos().durability(received)
                == Durability.ROOT);
        Path data = chain.store().config().dataDirectory();
        chain.stopStore();

        String out = Commands.run("purge", "--before", "2011-01-01", "--data", data.toString());

        assertThat(out).startsWith("purged 1 events of " + ChainFixture.STORE).doesNotContain("this is the root");
        try (NodeStore store = NodeStore.open(data, NodeStore.Options.defaults(ChainFixture.STORE))) {
            assertThat(store.reader().event(received)).isEmpty();
        }
    }

    @Test
    void purgeKeepsUnacknowledgedSales() {
        chain = ChainFixture.start(directory, TestSettings.fast());
        chain.store().pos().receiveStock("", "A", 100, "delivery 1", "");
        NodeRuntime till = chain.startTillBehindProxy(TILL);
        List<Dot> acknowledged = Trading.sellOneUnitEach(till, "A", ACKNOWLEDGED);
        eventually("hq to acknowledge the first sales").until(() -> acknowledged.stream()
                .allMatch(dot -> till.pos().durability(dot) == Durability.ROOT));
        FaultProxy proxy = chain.proxyOf(TILL);
        proxy.cutAndReject();
        eventually("the till's link to go down").until(() -> !till.parentConnected());
        List<Dot> offline = Trading.sellOneUnitEach(till, "A", OFFLINE);
        assertThat(till.pos().unacknowledged()).hasSize(OFFLINE);
        Path data = till.config().dataDirectory();
        chain.stopTill(TILL);

        String out = Commands.run("purge", "--before", LocalDate.now().plusDays(2).toString(), "--data",
                data.toString());

        assertThat(out).contains("kept " + OFFLINE + " older events");
        try (NodeStore store = NodeStore.open(data, NodeStore.Options.defaults(TILL))) {
            for (Dot dot : offline) {
                assertThat(store.reader().event(dot)).as("unacknowledged sale " + dot).isPresent();
            }
            for (Dot dot : acknowledged) {
                assertThat(store.reader().event(dot)).as("sale " + dot + " that hq acknowledged").isEmpty();
            }
        }
        proxy.heal();
        NodeRuntime restarted = chain.startTillBehindProxy(TILL, data);
        chain.awaitConverged();
        for (Dot dot : concat(acknowledged, offline)) {
            assertThat(chain.hq().store().reader().event(dot)).as("sale " + dot + " at hq").isPresent();
        }
        assertThat(Trading.salesHeld(chain.hq())).isEqualTo(ACKNOWLEDGED + OFFLINE);
        assertThat(chain.hq().pos().stockOnHand(ChainFixture.STORE, "A")).isEqualTo(100 - ACKNOWLEDGED - OFFLINE);
        assertThat(restarted.pos().stockOnHand("", "A")).isEqualTo(100 - ACKNOWLEDGED - OFFLINE);
    }

    private static List<Dot> concat(List<Dot> first, List<Dot> second) {
        List<Dot> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
