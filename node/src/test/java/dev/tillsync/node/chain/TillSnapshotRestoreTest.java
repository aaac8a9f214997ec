package dev.tillsync.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.Commands;
import dev.tillsync.node.chain.support.Directories;
import dev.tillsync.node.chain.support.TestSettings;
import dev.tillsync.node.chain.support.Trading;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A till's disk is lost after it sold more than its last snapshot file holds. Restored from that
 * file with {@code tillsync snapshot restore}, it takes a new incarnation and gets back, from its
 * store, the sales it made after the snapshot.
 */
class TillSnapshotRestoreTest {

    private static final String TILL = "s1/till-1";
    private static final int BEFORE_SNAPSHOT = 5;
    private static final int AFTER_SNAPSHOT = 7;
    private static final int AFTER_RESTORE = 3;

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
    void restoredTillLosesNoLaterSale() throws IOException {
        chain = ChainFixture.start(directory, TestSettings.fast());
        chain.store().pos().receiveStock("", "A", 100, "delivery 1", "");
        NodeRuntime till = chain.startTill(TILL);
        ReplicaId original = till.store().self();
        List<Dot> sold = new ArrayList<>(Trading.sellOneUnitEach(till, "A", BEFORE_SNAPSHOT));
        chain.awaitConverged();
        Path data = till.config().dataDirectory();
        chain.stopTill(TILL);
        Path snapshot = directory.resolve("till-1.snapshot");
        Commands.run("snapshot", "export", "--data", data.toString(), "--out", snapshot.toString());
        sold.addAll(Trading.sellOneUnitEach(chain.startTill(TILL, data), "A", AFTER_SNAPSHOT));
        chain.awaitConverged();
        chain.stopTill(TILL);
        Directories.delete(data);
        Path restoredData = directory.resolve("till-1-restored");

        Commands.run("snapshot", "restore", snapshot.toString(), "--data", restoredData.toString());
        NodeRuntime restored = chain.startTill(TILL, restoredData);
        chain.awaitConverged();
        List<Dot> afterRestore = Trading.sellOneUnitEach(restored, "A", AFTER_RESTORE);
        chain.awaitConverged();

        assertThat(restored.store().self()).isNotEqualTo(original);
        assertThat(afterRestore).allMatch(dot -> dot.replica().equals(restored.store().self()));
        sold.addAll(afterRestore);
        for (Dot dot : sold) {
            assertThat(chain.hq().store().reader().event(dot)).as("sale " + dot + " at hq").isPresent();
            assertThat(restored.store().reader().event(dot)).as("sale " + dot + " at the restored till").isPresent();
        }
        int total = BEFORE_SNAPSHOT + AFTER_SNAPSHOT + AFTER_RESTORE;
        assertThat(Trading.salesHeld(chain.hq())).isEqualTo(total);
        assertThat(chain.hq().pos().stockOnHand(ChainFixture.STORE, "A")).isEqualTo(100 - total);
        assertThat(restored.pos().stockOnHand("", "A")).isEqualTo(chain.store().pos().stockOnHand("", "A"));
    }
}
