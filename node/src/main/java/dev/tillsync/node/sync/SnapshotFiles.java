package dev.tillsync.node.sync;

import dev.tillsync.node.codec.MalformedMessageException;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.store.StateReader;
import dev.tillsync.proto.v1.SnapshotChunkProto;
import dev.tillsync.proto.v1.SnapshotFileHeaderProto;
import dev.tillsync.proto.v1.SnapshotFileTrailerProto;
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
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

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
             OutputStream buffered = new BufferedOutputStream(Files.newOutputStream(temporary))) {
            CheckedOutputStream out = new CheckedOutputStream(buffered, new CRC32C());
            SnapshotSelection selection = targetNodeId.equals(position.nodeId())
                    ? SnapshotSelection.forSelf(position, view)
                    : SnapshotSelection.forChild(position, targetNodeId, view, salesSince);
            SnapshotCursor cursor = new SnapshotCursor(UUID.randomUUID().toString(), view, selection, chunkItems);
            header.writeDelimitedTo(out);
            while (!cursor.isDone()) {
                SnapshotChunkProto chunk = cursor.next();
                chunk.writeDelimitedTo(out);
                chunks++;
                entries += entries(chunk);
            }
            SnapshotFileTrailerProto.newBuilder()
                    .setChunks(chunks)
                    .setCrc32C((int) out.getChecksum().getValue())
                    .build()
                    .writeDelimitedTo(buffered);
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
     * incarnation: a restored node never reuses a dot. The whole file is checked against its
     * trailer before anything is joined. Until the restore is complete the store carries
     * {@link NodeStore#RESTORE_IN_PROGRESS}, so that no later opening takes a partial restore for a
     * node.
     *
     * @throws MalformedMessageException if the file is not a complete and intact snapshot file
     */
    public static Summary restore(Path file, NodeStore store) throws IOException {
        Summary summary = verify(file);
        if (!summary.header().getNodeId().equals(store.nodeId())) {
            throw new MalformedMessageException("snapshot file " + file + " is for node "
                    + summary.header().getNodeId() + ", not " + store.nodeId());
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            header(file, in);
            store.putMeta(NodeStore.RESTORE_IN_PROGRESS, file.toString().getBytes(StandardCharsets.UTF_8)).join();
            readChunks(file, in, (chunk, index) -> {
                try {
                    store.join(SnapshotProtoMapper.fromProto(chunk)).join();
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException("snapshot file " + file + ": chunk " + (index + 1)
                            + " is invalid (" + e.getMessage() + "); export it again", e);
                }
            });
        }
        store.renewIncarnation("it was restored from the snapshot file " + file).join();
        store.putMeta(NodeStore.RESTORE_IN_PROGRESS, null).join();
        return summary;
    }

    /**
     * Reads a whole snapshot file and checks its chunk count and CRC-32C against its trailer.
     *
     * @throws MalformedMessageException if the file is truncated, damaged or has no trailer
     */
    private static Summary verify(Path file) throws IOException {
        try (InputStream buffered = new BufferedInputStream(Files.newInputStream(file))) {
            CheckedInputStream in = new CheckedInputStream(buffered, new CRC32C());
            SnapshotFileHeaderProto header = header(file, in);
            long[] entries = new long[1];
            int chunks = readChunks(file, in, (chunk, index) -> entries[0] += entries(chunk));
            long checksum = in.getChecksum().getValue();
            SnapshotFileTrailerProto trailer = readTrailer(buffered);
            if (trailer == null) {
                throw new MalformedMessageException("snapshot file " + file + " has no trailer after its " + chunks
                        + " chunks: it is incomplete or was written by an older version; export it again");
            }
            if (trailer.getChunks() != chunks || Integer.toUnsignedLong(trailer.getCrc32C()) != checksum) {
                throw new MalformedMessageException("snapshot file " + file + " is damaged: its content does not"
                        + " match the checksum in its trailer; export it again");
            }
            return new Summary(header, chunks, entries[0]);
        }
    }

    /** Action that {@link #readChunks} applies to each chunk; {@code index} counts from 0. */
    @FunctionalInterface
    private interface ChunkAction {
        void accept(SnapshotChunkProto chunk, int index);
    }

    /** Reads the chunks that follow the header, up to the last one, and returns their number. */
    private static int readChunks(Path file, InputStream in, ChunkAction action) throws IOException {
        int chunks = 0;
        boolean last = false;
        while (!last) {
            SnapshotChunkProto chunk = readChunk(file, in, chunks);
            if (chunk == null) {
                throw new MalformedMessageException("snapshot file " + file + " ends after " + chunks
                        + " chunks without its last one: it is incomplete; export it again");
            }
            action.accept(chunk, chunks);
            last = chunk.getLast();
            chunks++;
        }
        return chunks;
    }

    private static SnapshotFileTrailerProto readTrailer(InputStream in) throws IOException {
        try {
            return SnapshotFileTrailerProto.parseDelimitedFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static long entries(SnapshotChunkProto chunk) {
        return chunk.getStockCount() + chunk.getPricesCount() + chunk.getItemsCount() + chunk.getEventsCount();
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
