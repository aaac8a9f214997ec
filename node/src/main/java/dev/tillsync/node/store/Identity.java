package dev.tillsync.node.store;

import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.NodeIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads or creates the identity of the node that owns a store: its node id and incarnation.
 *
 * <p>A node takes a new incarnation on its first start, when its data directory was copied or
 * moved (another host, path or inode than the one recorded), and on every restore. Two running
 * copies of one data directory therefore never issue the same dot.
 */
final class Identity {

    private static final Logger LOG = LoggerFactory.getLogger(Identity.class);

    private Identity() {
    }

    /**
     * Returns the replica id of the store's node, creating or renewing it as needed.
     *
     * @param requestedNodeId   the node id the caller expects, or null to accept the stored one
     * @param directoryIdentity where the store lives (host, path, inode), or null for a store in memory
     * @param random            source of new incarnations
     * @throws StoreException if the store belongs to another node or has no node and none is requested
     */
    static ReplicaId load(Kv kv, String requestedNodeId, String directoryIdentity, RandomGenerator random) {
        String storedNodeId = MetaCodec.text(kv.get(Column.META, MetaCodec.NODE_ID));
        if (storedNodeId == null) {
            return create(kv, requestedNodeId, directoryIdentity, random);
        }
        if (requestedNodeId != null && !requestedNodeId.equals(storedNodeId)) {
            throw new StoreException(StoreException.Reason.WRONG_DIRECTORY, "the data directory " + kv.location()
                    + " belongs to node \"" + storedNodeId + "\", not \"" + requestedNodeId
                    + "\": start it with --id \"" + storedNodeId + "\" or choose another --data");
        }
        ReplicaId stored = new ReplicaId(storedNodeId, Keys.readLong(kv.get(Column.META, MetaCodec.INCARNATION), 0));
        String recorded = MetaCodec.text(kv.get(Column.META, MetaCodec.DIRECTORY));
        if (directoryIdentity != null && !directoryIdentity.equals(recorded)) {
            ReplicaId renewed = new ReplicaId(storedNodeId, newIncarnation(stored.incarnation(), random));
            LOG.warn("{}: data directory was copied or moved (recorded at {}, now at {}); taking incarnation {}",
                    stored, recorded, directoryIdentity, renewed.incarnationHex());
            write(kv, renewed, directoryIdentity);
            return renewed;
        }
        return stored;
    }

    /**
     * Returns the stored replica id without writing anything.
     *
     * @throws StoreException if the store holds no node
     */
    static ReplicaId read(Kv kv) {
        String nodeId = MetaCodec.text(kv.get(Column.META, MetaCodec.NODE_ID));
        if (nodeId == null) {
            throw new StoreException(StoreException.Reason.WRONG_DIRECTORY, "the data directory " + kv.location()
                    + " holds no node: give the data directory of a node that has run");
        }
        return new ReplicaId(nodeId, Keys.readLong(kv.get(Column.META, MetaCodec.INCARNATION), 0));
    }

    private static ReplicaId create(Kv kv, String nodeId, String directoryIdentity, RandomGenerator random) {
        if (nodeId == null) {
            throw new StoreException(StoreException.Reason.WRONG_DIRECTORY, "the data directory " + kv.location()
                    + " holds no node yet: give its node id with --id");
        }
        NodeIds.requireValid(nodeId);
        ReplicaId replica = new ReplicaId(nodeId, newIncarnation(0, random));
        write(kv, replica, directoryIdentity);
        LOG.info("{}: created node in {}", replica, kv.location());
        return replica;
    }

    private static void write(Kv kv, ReplicaId replica, String directoryIdentity) {
        KvBatch batch = new KvBatch();
        batch.put(Column.META, MetaCodec.NODE_ID, MetaCodec.text(replica.nodeId()));
        batch.put(Column.META, MetaCodec.INCARNATION, Keys.longValue(replica.incarnation()));
        if (directoryIdentity != null) {
            batch.put(Column.META, MetaCodec.DIRECTORY, MetaCodec.text(directoryIdentity));
        }
        kv.write(batch, true);
    }

    /** Returns a random incarnation, never 0 and never {@code previous}. */
    static long newIncarnation(long previous, RandomGenerator random) {
        long incarnation;
        do {
            incarnation = random.nextLong();
        } while (incarnation == 0 || incarnation == previous);
        return incarnation;
    }

    /** Returns host, real path and inode of a data directory: what a copy cannot keep. */
    static String directoryIdentity(Path directory) {
        try {
            Path real = directory.toRealPath();
            Object inode = Files.getAttribute(real, "unix:ino");
            return hostName() + ":" + real + ":" + inode;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return directory.toAbsolutePath().normalize().toString();
        }
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null ? "unknown-host" : fromEnvironment;
        }
    }
}
