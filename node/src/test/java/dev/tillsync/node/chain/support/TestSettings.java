package dev.tillsync.node.chain.support;

import dev.tillsync.node.sync.SyncSettings;

/** Sync settings of chain tests: the defaults with timers short enough for a test to watch them fire. */
public final class TestSettings {

    private TestSettings() {
    }

    /** Returns settings with a 400 ms acknowledgement timeout, 200 ms heartbeats and a 5 s idle timeout. */
    public static SyncSettings fast() {
        SyncSettings base = SyncSettings.defaults();
        return new SyncSettings(base.maxFrameBytes(), base.maxBatchEvents(), base.maxBatchBytes(),
                base.maxBatchesInFlight(), base.maxPendingApplies(), 400, 200, 5_000, 5_000, 500,
                base.snapshotChunkItems(), base.maxChildren());
    }

    /** Returns {@code base} with another limit of entries per snapshot chunk. */
    public static SyncSettings withSnapshotChunkItems(SyncSettings base, int items) {
        return new SyncSettings(base.maxFrameBytes(), base.maxBatchEvents(), base.maxBatchBytes(),
                base.maxBatchesInFlight(), base.maxPendingApplies(), base.ackTimeoutMillis(), base.heartbeatMillis(),
                base.idleTimeoutMillis(), base.handshakeTimeoutMillis(), base.statusIntervalMillis(), items,
                base.maxChildren());
    }

    /** Returns {@code base} with another limit of events per batch. */
    public static SyncSettings withMaxBatchEvents(SyncSettings base, int events) {
        return new SyncSettings(base.maxFrameBytes(), events, base.maxBatchBytes(), base.maxBatchesInFlight(),
                base.maxPendingApplies(), base.ackTimeoutMillis(), base.heartbeatMillis(), base.idleTimeoutMillis(),
                base.handshakeTimeoutMillis(), base.statusIntervalMillis(), base.snapshotChunkItems(),
                base.maxChildren());
    }
}
