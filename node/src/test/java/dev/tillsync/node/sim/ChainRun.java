package dev.tillsync.node.sim;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.pos.ReturnRequest;
import dev.tillsync.node.pos.SaleRequest;
import dev.tillsync.node.sync.Purger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one schedule on one simulated chain and checks the result. It interprets each step with the
 * production classes and lets virtual time pass. Then it ends every fault: partitions heal, every
 * node is up, clocks are set right, copies of tills are shut down and the network stops losing
 * frames. It runs until the chain settles, and finally checks it against the oracle.
 *
 * <p>Clock skews stay within the stores' maximum drift only in part: a skew step may set a clock
 * further off, which the handshake then rejects, and every clock is set right when the faults end.
 */
final class ChainRun implements AutoCloseable {

    /**
     * What one run did, for the summary of a property.
     *
     * @param fingerprint every node's version vector and digests once settled: equal fingerprints
     *                    mean equal final states, incarnations included
     */
    record Outcome(int steps, int events, int lost, long virtualMillis, long framesSent, String fingerprint) {
    }

    /** Virtual time between two checks of the version vectors while steps run. */
    private static final long POLL_MILLIS = 250;
    /** Virtual time between two looks at whether the chain has settled. */
    private static final long SETTLE_POLL_MILLIS = 500;
    /** Looks in a row that must find the chain settled and unchanged. */
    private static final int QUIET_POLLS = 3;
    /** The maximum virtual time the chain may take to settle once the faults end. */
    static final long MAX_SETTLE_MILLIS = 3 * 60_000L;

    private final SimChain chain;
    private final Oracle oracle = new Oracle();
    private final Monitor monitor;
    private boolean faultsOver;

    ChainRun(ChainConfig config) {
        this.chain = new SimChain(config);
        this.monitor = new Monitor(chain.scheduler());
        chain.network().observer(monitor);
    }

    /**
     * Runs the schedule and checks the settled chain.
     *
     * @throws AssertionError naming the property that failed
     */
    Outcome run(List<Step> steps) {
        chain.startAll();
        for (Step step : steps) {
            apply(step);
            monitor.poll(chain.nodes());
        }
        endFaults();
        settle();
        SimNode root = chain.root();
        Oracle.Expected expected = oracle.expected(dot -> root.store().reader().event(dot).isPresent());
        ChainChecks.check(chain, expected);
        int lost = oracle.lostCount(dot -> root.store().reader().event(dot).isPresent());
        return new Outcome(steps.size(), oracle.recorded().size(), lost,
                chain.scheduler().currentTimeMillis() - SimChain.START_MILLIS, chain.network().framesSent(),
                stateFingerprint());
    }

    private void apply(Step step) {
        if (step instanceof Step.Wait wait) {
            advance(wait.millis());
        } else if (!applyOperation(step)) {
            applyFault(step);
        }
    }

    /** Applies an operation at a node; returns false if the step is not one. */
    private boolean applyOperation(Step step) {
        if (step instanceof Step.Sell sell) {
            sell(sell);
        } else if (step instanceof Step.Return back) {
            giveBack(back);
        } else if (step instanceof Step.Receive receive) {
            whenUp(receive.node(), pos -> oracle.record(pos.receiveStock(
                    storeArgument(receive.node(), receive.storeId()), receive.sku(), receive.quantity(), "delivery",
                    "")));
        } else if (step instanceof Step.Adjust adjust) {
            whenUp(adjust.node(), pos -> oracle.record(pos.adjustStock(
                    storeArgument(adjust.node(), adjust.storeId()), adjust.sku(), adjust.quantity(), "count", "",
                    "")));
        } else if (step instanceof Step.SetPrice price) {
            whenUp(price.node(), pos -> oracle.record(pos.setPrice(price.scope(), price.sku(),
                    Step.money(price.cents()))));
        } else if (step instanceof Step.Join join) {
            join(join);
        } else if (step instanceof Step.Purge purge) {
            purge(chain.node(purge.node()));
        } else if (step instanceof Step.Backup backup) {
            backup(chain.node(backup.node()));
        } else {
            return false;
        }
        return true;
    }

    private void applyFault(Step step) {
        SimNetwork network = chain.network();
        if (step instanceof Step.Partition partition) {
            network.partition(partition.node(), partition.parent());
        } else if (step instanceof Step.Heal heal) {
            network.heal(heal.node(), heal.parent());
        } else if (step instanceof Step.Cut cut) {
            chain.node(cut.node()).cutLinks();
        } else if (step instanceof Step.Flap flap) {
            flap(chain.node(flap.node()), flap.periodMillis(), flap.forMillis());
        } else if (step instanceof Step.Crash crash) {
            chain.node(crash.node()).crash(crash.powerLoss());
        } else if (step instanceof Step.Restart restart) {
            restart(chain.node(restart.node()));
        } else if (step instanceof Step.Skew skew) {
            chain.node(skew.node()).clockOffset(skew.offsetMillis());
        } else if (step instanceof Step.Restore restore) {
            restore(chain.node(restore.node()));
        } else if (step instanceof Step.Copy copy) {
            copy(chain.node(copy.till()));
        } else if (step instanceof Step.Network faults) {
            network.faults(new SimNetwork.Faults(faults.lossPercent() / 100.0,
                    faults.duplicationPercent() / 100.0, faults.reorderingPercent() / 100.0,
                    chain.config().minDelayMillis(), chain.config().maxDelayMillis(),
                    chain.config().faultsInsideConnections()));
        } else if (!(step instanceof Step.Idle)) {
            throw new IllegalArgumentException("step: " + step + " (expected: a step this runner knows)");
        }
    }

    private interface PosAction {
        void run(PointOfSale pos);
    }

    private void whenUp(String nodeId, PosAction action) {
        SimNode node = chain.node(nodeId);
        if (node.isUp()) {
            action.run(node.posNow());
        }
    }

    private static String storeArgument(String nodeId, String storeId) {
        return ChainConfig.ROOT.equals(nodeId) ? storeId : "";
    }

    private void sell(Step.Sell sell) {
        Money unit = Step.money(sell.unitCents());
        SaleRequest request = new SaleRequest("", "", "ann", "", 0,
                List.of(new SaleLine(sell.sku(), "item " + sell.sku(), sell.quantity(), unit)),
                List.of(new Tender(TenderKind.CASH, unit.times(sell.quantity()))), "");
        whenUp(sell.till(), pos -> oracle.record(pos.recordSale(request).event()));
    }

    private void giveBack(Step.Return back) {
        Money unit = Step.money(back.unitCents());
        ReturnRequest request = new ReturnRequest("", "", "ann", "", 0,
                List.of(new SaleLine(back.sku(), "item " + back.sku(), back.quantity(), unit)),
                List.of(new Tender(TenderKind.CASH, unit.times(back.quantity()))), "", "");
        whenUp(back.till(), pos -> oracle.record(pos.recordReturn(request).event()));
    }

    private void join(Step.Join join) {
        SimNode till = chain.join(join.till());
        if (join.flapMillis() > 0) {
            flap(till, join.flapMillis(), join.flapForMillis());
        }
    }

    private void purge(SimNode node) {
        if (node.isUp()) {
            LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(node.wallClock()), ZoneOffset.UTC);
            Purger.purge(node.store(), node.position(), today.plusDays(1));
        }
    }

    /** Resets the node's links every {@code periodMillis} until {@code forMillis} pass or the faults end. */
    private void flap(SimNode node, long periodMillis, long forMillis) {
        long until = chain.scheduler().currentTimeMillis() + forMillis;
        chain.scheduler().schedule(periodMillis, new Runnable() {
            @Override
            public void run() {
                if (faultsOver || chain.scheduler().currentTimeMillis() > until) {
                    return;
                }
                if (node.isUp()) {
                    node.cutLinks();
                }
                chain.scheduler().schedule(periodMillis, this);
            }
        });
    }

    private void restart(SimNode node) {
        if (!node.isUp()) {
            node.start();
        }
    }

    /** Backs the node up, unless it is down or in the middle of its bootstrap, when export refuses. */
    private void backup(SimNode node) {
        if (node.isUp() && !node.replicator().needsBootstrap()) {
            node.backup(chain.backupFile(node.nodeId()));
        }
    }

    /**
     * Restores the node's last backup. The node's own events that are now missing from the restored
     * data, its parent and the root may be lost. The oracle expects them only if the root has them
     * once the chain settles, because they may still be on their way.
     */
    private void restore(SimNode node) {
        Path file = chain.lastBackup(node.nodeId());
        if (file == null) {
            return;
        }
        node.restore(file);
        monitor.restored(node);
        List<Dot> atRisk = new ArrayList<>();
        for (Event event : oracle.recorded()) {
            Dot dot = event.dot();
            if (dot.replica().nodeId().equals(node.nodeId()) && !holds(node, dot) && !holds(node.parent(), dot)
                    && !holds(chain.root(), dot)) {
                atRisk.add(dot);
            }
        }
        oracle.atRisk(atRisk);
    }

    private static boolean holds(SimNode node, Dot dot) {
        return node != null && node.isUp() && node.store().reader().event(dot).isPresent();
    }

    /** Starts a copy of the till, unless it is down or in the middle of its bootstrap, as for a backup. */
    private void copy(SimNode till) {
        if (till.isUp() && !till.replicator().needsBootstrap()) {
            chain.startCopy(till);
        }
    }

    /** Lets virtual time pass, checking the version vectors as it goes. */
    private void advance(long millis) {
        long until = chain.scheduler().currentTimeMillis() + millis;
        while (chain.scheduler().currentTimeMillis() < until) {
            chain.scheduler().runUntil(Math.min(until, chain.scheduler().currentTimeMillis() + POLL_MILLIS));
            monitor.poll(chain.nodes());
        }
    }

    /**
     * Heals every partition, restarts every node, sets every clock right and shuts the copies down.
     * If frames were lost inside live connections, every link is reset once: TCP would have reset a
     * connection that lost a frame, and the handshake and snapshot exchange rely on that. Frames
     * that were only duplicated or reordered get no such help.
     */
    private void endFaults() {
        faultsOver = true;
        chain.network().healAll();
        chain.network().faults(chain.config().faults().withoutFaults());
        if (chain.network().framesLostInsideConnections() > 0) {
            chain.nodes().forEach(SimNode::cutLinks);
        }
        for (SimNode copy : chain.copies()) {
            copy.crash(false);
        }
        for (SimNode node : chain.nodes()) {
            node.clockOffset(0);
            restart(node);
        }
    }

    /**
     * Runs until every node is connected and caught up with its parent, and nothing changes for
     * {@value #QUIET_POLLS} looks in a row.
     *
     * @throws AssertionError if that takes more than {@link #MAX_SETTLE_MILLIS} of virtual time
     */
    private void settle() {
        long deadline = chain.scheduler().currentTimeMillis() + MAX_SETTLE_MILLIS;
        int quiet = 0;
        String last = "";
        while (quiet < QUIET_POLLS) {
            advance(SETTLE_POLL_MILLIS);
            String lagging = lagging();
            String fingerprint = fingerprint();
            quiet = lagging.isEmpty() && fingerprint.equals(last) ? quiet + 1 : 0;
            last = fingerprint;
            if (quiet < QUIET_POLLS && chain.scheduler().currentTimeMillis() > deadline) {
                throw new AssertionError("quiescence: the chain did not settle within " + MAX_SETTLE_MILLIS / 1000
                        + " s after the faults ended: " + (lagging.isEmpty() ? "state still changing" : lagging));
            }
        }
    }

    private String stateFingerprint() {
        StringBuilder state = new StringBuilder();
        for (SimNode node : chain.nodes()) {
            state.append(node.nodeId()).append(node.store().vector());
            for (Scope scope : ChainChecks.scopes(chain, node)) {
                state.append(HexFormat.of().formatHex(node.store().reader().digest(scope)));
            }
        }
        return state.toString();
    }

    private String fingerprint() {
        StringBuilder vectors = new StringBuilder();
        for (SimNode node : chain.nodes()) {
            vectors.append(node.nodeId()).append(node.store().vector()).append(node.replicator().ackChain());
        }
        return vectors.toString();
    }

    /** Returns what keeps the chain from being settled, or an empty string if nothing does. */
    private String lagging() {
        List<String> reasons = new ArrayList<>();
        for (SimNode node : chain.nodes()) {
            SimNode parent = node.parent();
            if (parent == null) {
                continue;
            }
            if (!node.parentConnected()) {
                reasons.add(node.nodeId() + " is not connected to " + parent.nodeId());
                continue;
            }
            if (node.replicator().needsBootstrap()) {
                reasons.add(node.nodeId() + " still needs a snapshot");
                continue;
            }
            VersionVector own = subtree(node.store().vector(), node.nodeId());
            Map<ReplicaId, Long> missingUp = missing(parent.store().vector(), own);
            Map<ReplicaId, Long> missingDown = missing(node.store().vector(), concerning(parent, node));
            Map<ReplicaId, Long> unacknowledged = missing(node.replicator().ackChain().parent(), own);
            if (!missingUp.isEmpty() || !missingDown.isEmpty() || !unacknowledged.isEmpty()) {
                reasons.add(node.nodeId() + " lacks " + missingDown + ", its parent lacks " + missingUp
                        + ", unacknowledged " + unacknowledged);
            }
        }
        return String.join("; ", reasons);
    }

    private static VersionVector subtree(VersionVector vector, String nodeId) {
        return vector.restrict(replica -> NodeIds.isInSubtree(replica.nodeId(), nodeId));
    }

    /** Returns the parent's vector restricted to the replicas whose events concern the child. */
    private static VersionVector concerning(SimNode parent, SimNode child) {
        VersionVector vector = parent.store().vector();
        if (parent.parent() != null) {
            return vector;
        }
        String storeId = NodeIds.storeOf(child.nodeId());
        return vector.restrict(replica -> NodeIds.storeOf(replica.nodeId()).equals(storeId)
                || replica.nodeId().equals(parent.nodeId()));
    }

    /** Returns the entries of {@code wanted} that {@code have} lacks, with the counter wanted. */
    private static Map<ReplicaId, Long> missing(VersionVector have, VersionVector wanted) {
        Map<ReplicaId, Long> missing = new TreeMap<>();
        wanted.counters().forEach((replica, counter) -> {
            if (have.get(replica) < counter) {
                missing.put(replica, counter);
            }
        });
        return missing;
    }

    SimChain chain() {
        return chain;
    }

    @Override
    public void close() {
        chain.close();
    }
}
