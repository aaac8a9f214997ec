package dev.tillsync.node.chain;

import static dev.tillsync.node.chain.support.ChainFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tillsync.node.app.HostPort;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.Directories;
import dev.tillsync.node.chain.support.TestSettings;
import dev.tillsync.node.chain.support.Trading;
import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.net.StatusClient;
import dev.tillsync.node.sync.Protocol;
import dev.tillsync.proto.v1.ChildStatusProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A second till runs from a copy of the first till's data directory, taken while the first was
 * stopped. The store rejects the copy while the first is connected, the first keeps trading, and
 * the copy's sales never reuse a dot of the first.
 */
class ClonedTillTest {

    private static final String TILL = "s1/till-1";

    @TempDir
    Path directory;

    private ChainFixture chain;
    private final Logger sessionLog = (Logger) LoggerFactory.getLogger("dev.tillsync.node.sync.ParentSession");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureChildLog() {
        logged.start();
        sessionLog.addAppender(logged);
    }

    @AfterEach
    void stopChain() {
        sessionLog.detachAppender(logged);
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void copiedTillRejectedWhileOriginalTrades() throws IOException {
        chain = ChainFixture.start(directory, TestSettings.fast());
        chain.store().pos().receiveStock("", "A", 100, "delivery 1", "");
        NodeRuntime original = chain.startTill(TILL);
        ReplicaId originalReplica = original.store().self();
        List<Dot> sales = new ArrayList<>(Trading.sellOneUnitEach(original, "A", 5));
        chain.awaitConverged();
        Path data = original.config().dataDirectory();
        chain.stopTill(TILL);
        Path copy = directory.resolve("till-1-copy");
        Directories.copy(data, copy);
        original = chain.startTill(TILL, data);
        eventually("the original to reconnect").until(original::parentConnected);

        NodeRuntime clone = chain.nodes().start(TILL, copy, chain.store().listenAddress(), null);
        ReplicaId cloneReplica = clone.store().self();
        eventually("the store to reject the copy").ignoreExceptions().until(() -> rejected(cloneReplica));
        List<Dot> cloneSales = Trading.sellOneUnitEach(clone, "A", 4);
        sales.addAll(Trading.sellOneUnitEach(original, "A", 5));
        chain.awaitConverged();

        assertThat(original.store().self()).as("the original keeps its incarnation").isEqualTo(originalReplica);
        assertThat(cloneReplica).as("the copy's incarnation").isNotEqualTo(originalReplica);
        assertThat(clone.parentConnected()).isFalse();
        assertThat(rejectionLogged(cloneReplica)).as("ERROR_CODE_DUPLICATE_IDENTITY in the copy's log").isTrue();
        for (Dot dot : sales) {
            assertThat(chain.hq().store().reader().event(dot)).as("sale " + dot + " at hq").isPresent();
        }
        assertThat(cloneSales).allMatch(dot -> dot.replica().equals(cloneReplica));

        chain.stopTill(TILL);
        eventually("the copy to connect once the original is gone").until(clone::parentConnected);
        eventually("the copy's sales to reach hq").until(() -> cloneSales.stream()
                .allMatch(dot -> chain.hq().store().reader().event(dot).isPresent()));
        sales.addAll(cloneSales);
        Set<Dot> distinct = new HashSet<>(sales);
        assertThat(distinct).hasSize(sales.size());
        assertThat(Trading.salesHeld(chain.hq())).isEqualTo(sales.size());
        eventually("stock at hq").until(() -> chain.hq().pos().stockOnHand(ChainFixture.STORE, "A")
                == 100 - sales.size());
        chain.nodes().stop(clone);
    }

    /** Returns true if the store's children table, read over its port, shows the replica as rejected. */
    private boolean rejected(ReplicaId replica) {
        HostPort store = chain.store().listenAddress();
        List<ChildStatusProto> children = StatusClient.fetch(chain.nodes().transport(), store.host(), store.port(),
                Protocol.VERSION, 5_000).getChildrenList();
        return children.stream().anyMatch(child -> child.getNodeId().equals(TILL) && child.getConnected()
                && child.hasRefusedReplica()
                && CrdtProtoMapper.fromProto(child.getRefusedReplica()).equals(replica)
                && !child.getRefusedReason().isEmpty());
    }

    private boolean rejectionLogged(ReplicaId replica) {
        return logged.list.stream().anyMatch(event -> event.getFormattedMessage().contains(replica.toString())
                && event.getFormattedMessage().contains("ERROR_CODE_DUPLICATE_IDENTITY"));
    }
}
