package dev.tillsync.node.sync;

import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.store.StateReader;
import dev.tillsync.proto.v1.SnapshotChunkProto;
import dev.tillsync.proto.v1.SnapshotRequestProto;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves snapshots to children, chunk by chunk. Each snapshot reads one consistent view of the
 * store, kept open for a while after its last request so that a child whose link was cut resumes
 * at the chunk it lacks. Thread-safe.
 */
final class SnapshotServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotServer.class);
    private static final long KEEP_MILLIS = 10 * 60_000L;
    private static final int MAX_OPEN = 16;

    private static final class Open {
        final StateReader.Snapshot view;
        final String targetNodeId;
        final int salesSince;
        SnapshotCursor cursor;
        SnapshotChunkProto lastChunk;
        long lastUsedMillis;

        Open(StateReader.Snapshot view, String targetNodeId, int salesSince) {
            this.view = view;
            this.targetNodeId = targetNodeId;
            this.salesSince = salesSince;
        }
    }

    private final NodeStore store;
    private final TreePosition position;
    private final int chunkItems;
    private final Map<String, Open> open = new LinkedHashMap<>();

    SnapshotServer(NodeStore store, TreePosition position, int chunkItems) {
        this.store = store;
        this.position = position;
        this.chunkItems = chunkItems;
    }

    /** Returns the chunk a child asked for: of the snapshot it names, or of a new one if that one is gone. */
    synchronized SnapshotChunkProto chunk(String childId, SnapshotRequestProto request, long nowMillis) {
        evict(nowMillis);
        Open snapshot = open.get(request.getSnapshotId());
        if (snapshot == null || !snapshot.targetNodeId.equals(childId)) {
            snapshot = create(childId, request.getSalesSince());
        }
        snapshot.lastUsedMillis = nowMillis;
        int wanted = snapshot.cursor.id().equals(request.getSnapshotId()) ? request.getNextChunk() : 0;
        return chunkAt(snapshot, wanted);
    }

    private SnapshotChunkProto chunkAt(Open snapshot, int wanted) {
        if (snapshot.lastChunk != null && snapshot.lastChunk.getIndex() == wanted) {
            return snapshot.lastChunk;
        }
        if (wanted < snapshot.cursor.nextIndex()) {
            snapshot.cursor = newCursor(snapshot.cursor.id(), snapshot);
        }
        SnapshotChunkProto chunk = null;
        while (snapshot.cursor.nextIndex() <= wanted && !snapshot.cursor.isDone()) {
            chunk = snapshot.cursor.next();
        }
        if (chunk == null) {
            chunk = snapshot.lastChunk;
        }
        snapshot.lastChunk = chunk;
        return chunk;
    }

    private Open create(String childId, int salesSince) {
        String id = UUID.randomUUID().toString();
        Open snapshot = new Open(store.snapshot(), childId, salesSince);
        snapshot.cursor = newCursor(id, snapshot);
        open.put(id, snapshot);
        LOG.info("{}: snapshot {} started for {} (sales since {})", position.nodeId(), id, childId,
                salesSince == 0 ? "the start" : salesSince);
        return snapshot;
    }

    private SnapshotCursor newCursor(String id, Open snapshot) {
        SnapshotSelection selection = SnapshotSelection.forChild(position, snapshot.targetNodeId, snapshot.view,
                snapshot.salesSince);
        return new SnapshotCursor(id, snapshot.view, selection, chunkItems);
    }

    private void evict(long nowMillis) {
        Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Open snapshot = it.next().getValue();
            if (nowMillis - snapshot.lastUsedMillis > KEEP_MILLIS || open.size() > MAX_OPEN) {
                snapshot.view.close();
                it.remove();
            }
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(snapshot -> snapshot.view.close());
        open.clear();
    }
}
