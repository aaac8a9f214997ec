package dev.tillsync.node.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A {@link Kv} on RocksDB: one database per data directory, one column family per {@link Column}.
 *
 * <p>Sized for many nodes in one process (the demo runs a whole chain): small write buffers and one
 * block cache shared by every database of the process.
 */
public final class RocksKv implements Kv {

    static {
        RocksDB.loadLibrary();
    }

    private static final long WRITE_BUFFER_BYTES = 8L << 20;
    private static final LRUCache SHARED_BLOCK_CACHE = new LRUCache(64L << 20);

    private final Path directory;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions columnOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final Map<Column, ColumnFamilyHandle> handleByColumn = new EnumMap<>(Column.class);
    private final WriteOptions syncWrite = new WriteOptions().setSync(true);
    private final WriteOptions plainWrite = new WriteOptions();
    private volatile boolean closed;

    private RocksKv(Path directory, DBOptions dbOptions, ColumnFamilyOptions columnOptions, RocksDB db,
                    List<ColumnFamilyHandle> handles) {
        this.directory = directory;
        this.dbOptions = dbOptions;
        this.columnOptions = columnOptions;
        this.db = db;
        this.handles = handles;
        for (Column column : Column.values()) {
            handleByColumn.put(column, handles.get(column.ordinal() + 1));
        }
    }

    /**
     * Opens the database in {@code directory}, creating it and its column families if missing.
     *
     * @throws StoreException if the directory cannot be created, is read-only, is in use by another
     *                        process or holds a damaged database
     */
    public static RocksKv open(Path directory) {
        createDirectory(directory);
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(2)
                .setMaxTotalWalSize(64L << 20)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
        ColumnFamilyOptions columnOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(SHARED_BLOCK_CACHE)
                        .setFilterPolicy(new BloomFilter(10)));
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
        for (Column column : Column.values()) {
            descriptors.add(new ColumnFamilyDescriptor(column.familyNameBytes(), columnOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
            return new RocksKv(directory, dbOptions, columnOptions, db, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            columnOptions.close();
            throw translate("open the database", null, null, directory, e);
        }
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage();
            StoreException.Reason reason = detail.contains("Read-only") || e instanceof java.nio.file.AccessDeniedException
                    ? StoreException.Reason.READ_ONLY : StoreException.Reason.IO_ERROR;
            throw new StoreException(reason, "", "cannot create the data directory " + directory + ": " + detail
                    + "; choose a writable directory with --data", e);
        }
    }

    @Override
    public byte[] get(Column column, byte[] key) {
        checkOpen();
        try {
            return db.get(handleByColumn.get(column), key);
        } catch (RocksDBException e) {
            throw translate("read", column, key, directory, e);
        }
    }

    @Override
    public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
        checkOpen();
        try (ReadOptions options = new ReadOptions()) {
            scan(options, column, from, to, visitor);
        }
    }

    private void scan(ReadOptions options, Column column, byte[] from, byte[] to, Visitor visitor) {
        try (Slice upper = new Slice(to)) {
            options.setIterateUpperBound(upper);
            try (RocksIterator it = db.newIterator(handleByColumn.get(column), options)) {
                for (it.seek(from); it.isValid(); it.next()) {
                    if (!visitor.visit(it.key(), it.value())) {
                        return;
                    }
                }
                it.status();
            } catch (RocksDBException e) {
                throw translate("scan", column, from, directory, e);
            }
        }
    }

    @Override
    public void write(KvBatch batch, boolean sync) {
        checkOpen();
        try (WriteBatch writeBatch = new WriteBatch()) {
            for (KvBatch.Op op : batch.ops()) {
                ColumnFamilyHandle handle = handleByColumn.get(op.column());
                if (op.value() == null) {
                    writeBatch.delete(handle, op.key());
                } else {
                    writeBatch.put(handle, op.key(), op.value());
                }
            }
            db.write(sync ? syncWrite : plainWrite, writeBatch);
        } catch (RocksDBException e) {
            throw translate("write a batch of " + batch.size() + " entries", null, null, directory, e);
        }
    }

    @Override
    public KvSnapshot snapshot() {
        checkOpen();
        Snapshot snapshot = db.getSnapshot();
        ReadOptions options = new ReadOptions().setSnapshot(snapshot);
        return new KvSnapshot() {
            @Override
            public byte[] get(Column column, byte[] key) {
                try {
                    return db.get(handleByColumn.get(column), options, key);
                } catch (RocksDBException e) {
                    throw translate("read", column, key, directory, e);
                }
            }

            @Override
            public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
                RocksKv.this.scan(options, column, from, to, visitor);
            }

            @Override
            public void close() {
                options.close();
                db.releaseSnapshot(snapshot);
            }
        };
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public long sizeOnDisk() {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(RocksKv::sizeOf).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        handles.forEach(ColumnFamilyHandle::close);
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            // closing anyway: every recorded write was already synced
        }
        db.close();
        syncWrite.close();
        plainWrite.close();
        dbOptions.close();
        columnOptions.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException(StoreException.Reason.CLOSED, "the store of " + directory + " is already closed");
        }
    }

    static StoreException translate(String operation, Column column, byte[] key, Path directory, RocksDBException e) {
        Status status = e.getStatus();
        String code = status == null ? "" : status.getCode().name();
        String detail = e.getMessage() == null ? code : e.getMessage();
        StoreException.Reason reason = classify(status, detail);
        String where = column == null ? "" : " (column family " + column.familyName() + ", key "
                + StoreException.hexKey(key) + ")";
        return new StoreException(reason, code, "cannot " + operation + where + " in " + directory + ": " + detail
                + advice(reason), e);
    }

    private static StoreException.Reason classify(Status status, String detail) {
        String text = detail.toLowerCase(Locale.ROOT);
        if (text.contains("no space left") || (status != null && status.getSubCode() == Status.SubCode.NoSpace)) {
            return StoreException.Reason.DISK_FULL;
        }
        if (text.contains("read-only file system") || text.contains("permission denied")) {
            return StoreException.Reason.READ_ONLY;
        }
        if (text.contains("lock") && (text.contains("hold") || text.contains("temporarily unavailable"))) {
            return StoreException.Reason.IN_USE;
        }
        if (status != null && status.getCode() == Status.Code.Corruption) {
            return StoreException.Reason.CORRUPTION;
        }
        return StoreException.Reason.IO_ERROR;
    }

    private static String advice(StoreException.Reason reason) {
        return switch (reason) {
            case DISK_FULL -> "; free space on that disk, then retry: nothing of this write was recorded";
            case READ_ONLY -> "; make the data directory writable, then retry: nothing of this write was recorded";
            case IN_USE -> "; another tillsync process is using this data directory: stop it or choose another --data";
            case CORRUPTION -> "; the data directory is damaged: restore it from a snapshot or a backup";
            default -> "; check the disk and retry";
        };
    }
}
