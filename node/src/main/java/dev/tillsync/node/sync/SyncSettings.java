package dev.tillsync.node.sync;

import dev.tillsync.node.event.Limits;

/**
 * Limits and timings of replication. Every limit a peer could push against is a named setting.
 *
 * @param maxFrameBytes        largest frame accepted or sent
 * @param maxBatchEvents       most events in one batch
 * @param maxBatchBytes        most encoded event bytes in one batch
 * @param maxBatchesInFlight   batches sent and not yet acknowledged, per link
 * @param maxPendingApplies    received batches waiting for the store before reading pauses
 * @param ackTimeoutMillis     how long a sender waits for an acknowledgement before resending
 * @param heartbeatMillis      interval of heartbeats on an idle link
 * @param idleTimeoutMillis    a link that receives nothing for this long is closed
 * @param handshakeTimeoutMillis how long a new link may take to complete its handshake
 * @param statusIntervalMillis interval of status reports to the parent
 * @param snapshotChunkItems   most entries (stock entries, registers, events) in one snapshot chunk
 * @param maxChildren          most children connected at once
 */
public record SyncSettings(int maxFrameBytes, int maxBatchEvents, int maxBatchBytes, int maxBatchesInFlight,
                           int maxPendingApplies, long ackTimeoutMillis, long heartbeatMillis, long idleTimeoutMillis,
                           long handshakeTimeoutMillis, long statusIntervalMillis, int snapshotChunkItems,
                           int maxChildren) {

    /**
     * Bytes a frame needs beyond its events: the frame and batch headers and each range's origin
     * and counters. A batch reads events until it reaches maxBatchBytes, so it may exceed it by one
     * event of up to {@link Limits#MAX_EVENT_BYTES}; the frame must hold that too.
     */
    // NOTE: snapshot chunks are limited in entries (snapshotChunkItems), not bytes, so a chunk of
    // many large events can still exceed maxFrameBytes.
    public static final int FRAME_OVERHEAD_BYTES = 64 * 1024;

    public static SyncSettings defaults() {
        return new SyncSettings(4 << 20, 2_000, 1 << 20, 4, 2, 10_000, 2_000, 15_000, 10_000, 2_000, 2_000, 1_000);
    }

    public SyncSettings {
        if ((long) maxBatchBytes + Limits.MAX_EVENT_BYTES + FRAME_OVERHEAD_BYTES > maxFrameBytes) {
            throw new IllegalArgumentException("maxBatchBytes: " + maxBatchBytes + " (expected: at most maxFrameBytes "
                    + maxFrameBytes + " minus the largest event, " + Limits.MAX_EVENT_BYTES + " bytes, minus "
                    + FRAME_OVERHEAD_BYTES + " bytes for the batch's headers)");
        }
        if (maxBatchBytes < Limits.MAX_EVENT_BYTES) {
            throw new IllegalArgumentException("maxBatchBytes: " + maxBatchBytes + " (expected: at least the largest"
                    + " event, " + Limits.MAX_EVENT_BYTES + " bytes)");
        }
        if (maxBatchEvents < 1 || maxBatchesInFlight < 1 || maxPendingApplies < 1 || snapshotChunkItems < 1) {
            throw new IllegalArgumentException("batch, window and chunk limits must be at least 1");
        }
    }
}
