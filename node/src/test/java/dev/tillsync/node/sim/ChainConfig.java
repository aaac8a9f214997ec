package dev.tillsync.node.sim;

import dev.tillsync.node.sync.SyncSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of one simulated chain and of its network: stores and tills, storage, fault
 * probabilities and delays, and the sync settings every node uses. Small batches, windows and
 * snapshot chunks make every limit of the protocol matter within a short run.
 *
 * @param seed               seeds the network (delays, losses, reconnection jitter) and the
 *                           incarnations of the nodes
 * @param tillsPerStore      the tills of each store at the start, one entry per store
 * @param rocksDb            true to keep each node's data in RocksDB, false for memory
 * @param lossPercent        chance that a frame is lost
 * @param duplicationPercent chance that a frame arrives twice
 * @param reorderingPercent  chance that a frame arrives after later ones
 * @param faultsInsideConnections true to lose, duplicate and reorder frames inside live connections,
 *                           which TCP never does; false to let a lost frame break its connection
 * @param highWaterBytes     bytes in flight on a link above which it stops taking batches
 */
record ChainConfig(long seed, List<Integer> tillsPerStore, boolean rocksDb, int lossPercent, int duplicationPercent,
                   int reorderingPercent, boolean faultsInsideConnections, long minDelayMillis, long maxDelayMillis,
                   int maxBatchEvents, int maxBatchesInFlight, int maxPendingApplies, long ackTimeoutMillis,
                   long heartbeatMillis, int snapshotChunkItems, long highWaterBytes) {

    /** The root of every simulated chain. */
    static final String ROOT = "hq";

    /** How far ahead of a node's wall clock a remote timestamp may be; the handshake rejects larger skews. */
    static final long MAX_DRIFT_MILLIS = 60_000;

    private static final List<String> STORE_IDS = List.of("uk", "fr", "de", "es");

    ChainConfig {
        tillsPerStore = List.copyOf(tillsPerStore);
        if (tillsPerStore.isEmpty() || tillsPerStore.size() > STORE_IDS.size()) {
            throw new IllegalArgumentException("stores: " + tillsPerStore.size() + " (expected: 1 to "
                    + STORE_IDS.size() + ")");
        }
    }

    /** Returns a chain on a network without faults, with small batches, for example tests. */
    static ChainConfig calm(boolean rocksDb, Integer... tillsPerStore) {
        return new ChainConfig(1, List.of(tillsPerStore), rocksDb, 0, 0, 0, false, 1, 5, 20, 2, 2, 1_000, 500, 5,
                1 << 16);
    }

    List<String> storeIds() {
        return STORE_IDS.subList(0, tillsPerStore.size());
    }

    /** Returns the ids of the tills a store starts with: {@code uk/till-1} and so on. */
    List<String> initialTills(String storeId) {
        List<String> tills = new ArrayList<>();
        int count = tillsPerStore.get(storeIds().indexOf(storeId));
        for (int i = 1; i <= count; i++) {
            tills.add(storeId + "/till-" + i);
        }
        return tills;
    }

    SyncSettings settings() {
        return new SyncSettings(4 << 20, maxBatchEvents, 1 << 20, maxBatchesInFlight, maxPendingApplies,
                ackTimeoutMillis, heartbeatMillis, heartbeatMillis * 5, heartbeatMillis * 5, heartbeatMillis * 2,
                snapshotChunkItems, 1_000);
    }

    SimNetwork.Faults faults() {
        return new SimNetwork.Faults(lossPercent / 100.0, duplicationPercent / 100.0, reorderingPercent / 100.0,
                minDelayMillis, maxDelayMillis, faultsInsideConnections);
    }

    @Override
    public String toString() {
        StringBuilder stores = new StringBuilder();
        for (String storeId : storeIds()) {
            stores.append(stores.length() == 0 ? "" : " ").append(storeId).append(':')
                    .append(tillsPerStore.get(storeIds().indexOf(storeId)));
        }
        return "chain(seed " + seed + ", stores " + stores + ", " + (rocksDb ? "RocksDB" : "memory")
                + ", loss " + lossPercent + "%, duplication " + duplicationPercent + "%, reordering "
                + reorderingPercent + "% " + (faultsInsideConnections ? "inside connections" : "breaking connections")
                + ", delay " + minDelayMillis + ".." + maxDelayMillis + " ms, batch "
                + maxBatchEvents + " events, window " + maxBatchesInFlight + ", pending " + maxPendingApplies
                + ", ack timeout " + ackTimeoutMillis + " ms, heartbeat " + heartbeatMillis + " ms, chunk "
                + snapshotChunkItems + " items, high water " + highWaterBytes + " bytes)";
    }
}
