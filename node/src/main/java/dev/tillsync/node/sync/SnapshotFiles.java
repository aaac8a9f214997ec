package dev.tillsync.node.sync;

import dev.tillsync.node.codec.MalformedMessageException;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.store.StateReader;
import dev.tillsync.proto.v1.SnapshotChunkProto;
import dev.tillsync.proto.v1.SnapshotFileHeaderProto;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Snapshot files, for a node installed without a network and for backups: a header, then the
 * chunks an online bootstrap would send, each length-delimited. Restoring a file joins every chunk
 * into a store and gives the node a new incarnation.
 */
public final class SnapshotFiles {

    /** The header and the number of chunks of a file written or read. */
    public record Summary(SnapshotFileHeaderProto header, int chunks, long entries) {
    }

    private SnapshotFiles() {
    }

    /**
     * Writes a snapshot of {@code store} for {@code targetNodeId}: the node itself (a backup of
     * everything it holds) or a new child of it. The file appears complete or not at all.
     *
     * @param salesSince yyyymmdd; older sales and returns are left out (a child only); 0 for none
     * @throws IllegalArgumentException if the store is in the middle of its bootstrap: its stock
     *                                  then lacks the version vector that goes with it, and a
     *                                  restore would count those events again
     */
    public static Summary export(NodeStore store, TreePosition position, String targetNodeId, int salesSince,
                                 int chunkItems, Path file, long nowMillis) throws IOException {
        NodeIds.requireValid(targetNodeId);
        if (!targetNodeId.equals(position.nodeId()) && !InboundSession.isChild(position, targetNodeId)) {
            throw new IllegalArgumentException(targetNodeId + " is not a child of " + position.nodeId()
                    + " (expected: " + (position.root() ? "a store id without /" : position.nodeId() + "/<till>")
                    + "): export from the node's parent, or leave --for out for a backup of the node itself");
        }
        if (store.meta(Replicator.BOOTSTRAP) != null) {
            throw new IllegalArgumentException("store of " + store.nodeId() + ": its snapshot from its parent is"
                    + " incomplete (expected: a finished bootstrap); start the node until it has synced, then export");
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".partial");
        SnapshotFileHeaderProto header = SnapshotFileHeaderProto.newBuilder()
                .setVersion(Protocol.VERSION)
                .setNodeId(targetNodeId)
                .setSourceNodeId(position.nodeId())
                .setCreatedAtMillis(nowMillis)
                .setSalesSince(salesSince)
                .build();
        int chunks = 0;
        long entries = 0;
        try (StateReader.Snapshot view = store.snapshot();
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
            SnapshotSelection selection = targetNodeId.equals(position.nodeId())
                    ? SnapshotSelection.forSelf(position, view)
                    : SnapshotSelection.forChild(position, targetNodeId, view, salesSince);
            SnapshotCursor cursor = new SnapshotCursor(UUID.randomUUID().toString(), view, selection, chunkItems);
            header.writeDelimitedTo(out);
            while (!cursor.isDone()) {
                SnapshotChunkProto chunk = cursor.next();
                chunk.writeDelimitedTo(out);
                chunks++;
                entries += chunk.getStockCount() + chunk.getPricesCount() + chunk.getItemsCount()
                        + chunk.getEventsCount();
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Summary(header, chunks, entries);
    }

    /** Reads the header of a snapshot file. */
    public static SnapshotFileHeaderProto readHeader(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return header(file, in);
        }
    }

    /**
     * Joins every chunk of a snapshot file into {@code store}, then gives the node a new
     * incarnation: a restored node never reuses a dot. Until the restore is complete the store
     * carries {@link NodeStore#RESTORE_IN_PROGRESS}, so that no later opening takes a partial
     * restore for a node.
     *
     * @throws MalformedMessageException if the file is not a complete snapshot file
     */
    public static Summary restore(Path file, NodeStore store) throws IOException {
        int chunks = 0;
        long entries = 0;
        SnapshotFileHeaderProto header;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            header = header(file, in);
            if (!header.getNodeId().equals(store.nodeId())) {
                throw new MalformedMessageException("snapshot file " + file + " is for node " + header.getNodeId()
                        + ", not " + store.nodeId());
            }
            store.putMeta(NodeStore.RESTORE_IN_PROGRESS, file.toString().getBytes(StandardCharsets.UTF_8)).join();
            boolean last = false;
            while (!last) {
                SnapshotChunkProto chunk = readChunk(file, in, chunks);
                if (chunk == null) {
                    throw new MalformedMessageException("snapshot file " + file + " ends after " + chunks
                            + " chunks without its last one: it is incomplete; export it again");
                }
                try {
                    store.join(SnapshotProtoMapper.fromProto(chunk)).join();
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException("snapshot file " + file + ": chunk " + (chunks + 1)
                            + " is invalid (" + e.getMessage() + "); export it again", e);
                }
                last = chunk.getLast();
                chunks++;
                entries += chunk.getStockCount() + chunk.getPricesCount() + chunk.getItemsCount()
                        + chunk.getEventsCount();
            }
        }
        store.renewIncarnation("it was restored from the snapshot file " + file).join();
        store.putMeta(NodeStore.RESTORE_IN_PROGRESS, null).join();
        return new Summary(header, chunks, entries);
    }

    private static SnapshotChunkProto readChunk(Path file, InputStream in, int chunksRead) throws IOException {
        try {
            return SnapshotChunkProto.parseDelimitedFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new MalformedMessageException("snapshot file " + file + " is truncated or damaged after "
                    + chunksRead + " chunks (" + e.getMessage() + "); export it again", e);
        }
    }

    private static SnapshotFileHeaderProto header(Path file, InputStream in) throws IOException {
        SnapshotFileHeaderProto header;
        try {
            header = SnapshotFileHeaderProto.parseDelimitedFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new MalformedMessageException("file " + file + " is not a tillsync snapshot file", e);
        }
        if (header == null || header.getNodeId().isEmpty()) {
            throw new MalformedMessageException("file " + file + " is not a tillsync snapshot file (no header)");
        }
        String versionProblem = Protocol.checkVersion(header.getVersion());
        if (versionProblem != null) {
            throw new MalformedMessageException("snapshot file " + file + ": " + versionProblem);
        }
        return header;
    }
}
