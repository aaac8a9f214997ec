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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
 *
 * <p>After a failed write RocksDB keeps failing every later write, even once the cause is gone (a
 * full disk has free space again): it keeps the background error of the write-ahead log. So a
 * failed write marks the database, and {@link #reopenIfFailed} closes and opens it again. Reads and
 * writes hold a read lock and the reopen holds the write lock, so none of them uses a closed handle.
 */
public final class RocksKv implements Kv {

    static {
        RocksDB.loadLibrary();
    }

    private static final long WRITE_BUFFER_BYTES = 8L << 20;
    private static final long MAX_LOG_BYTES = 64L << 20;
    private static final int RECYCLED_LOG_FILES = 4;
    private static final long RECYCLING_MAX_LOG_BYTES = 8L << 20;
    /**
     * The state column takes a new version of a stock entry for every sale line, at keys spread
     * over the whole column, and a skip list insert at a random key costs more the larger the
     * memtable. A small memtable keeps those inserts cheap, and a flush keeps only the latest
     * version of each entry. In the durable-write benchmark, 1 MiB instead of 8 MiB raised 8
     * writers from about 13,700 to 15,500 sales per second.
     */
    private static final long STATE_WRITE_BUFFER_BYTES = 1L << 20;
    private static final LRUCache SHARED_BLOCK_CACHE = new LRUCache(64L << 20);

    /** An open RocksDB instance and its column family handles. */
    private static final class Database {
        final RocksDB db;
        final List<ColumnFamilyHandle> handles;
        final Map<Column, ColumnFamilyHandle> handleByColumn = new EnumMap<>(Column.class);

        Database(RocksDB db, List<ColumnFamilyHandle> handles) {
            this.db = db;
            this.handles = handles;
            for (Column column : Column.values()) {
                handleByColumn.put(column, handles.get(column.ordinal() + 1));
            }
        }

        ColumnFamilyHandle handle(Column column) {
            return handleByColumn.get(column);
        }

        void close() {
            handles.forEach(ColumnFamilyHandle::close);
            try {
                db.syncWal();
            } catch (RocksDBException e) {
                // closing anyway: every recorded write was already synced
            }
            db.close();
        }
    }

    private final Path directory;
    private final DBOptions dbOptions;
    private final FamilyOptions columnOptions;
    private final WriteOptions syncWrite = new WriteOptions().setSync(true);
    private final WriteOptions plainWrite = new WriteOptions();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicInteger openSnapshots = new AtomicInteger();
    /**
     * The open database: read-only, or null, after a reopen failed, until one succeeds. Replaced
     * under the write lock of {@link #lock}.
     */
    private volatile Database database;
    private volatile boolean writeFailed;
    private volatile boolean closed;

    private RocksKv(Path directory, DBOptions dbOptions, FamilyOptions columnOptions, Database database) {
        this.directory = directory;
        this.dbOptions = dbOptions;
        this.columnOptions = columnOptions;
        this.database = database;
    }

    /**
     * Opens the database in {@code directory}, creating it and its column families if missing, with
     * recycled write-ahead log files (see {@link #open(Path, boolean)}).
     *
     * @throws StoreException if the directory cannot be created, is read-only, is in use by another
     *                        process or holds a damaged database
     */
    public static RocksKv open(Path directory) {
        return open(directory, true);
    }

    /**
     * Opens the database in {@code directory}, creating it and its column families if missing, and
     * with {@code walRecycling} overwrites old write-ahead log files instead of appending to new ones.
     *
     * <p>A sync of a file overwritten in place writes only data, while a sync after an append also
     * writes the file's new size, so recycling makes each sync cheaper (about 30% on this machine's
     * disk). RocksDB's own crash test stopped using recycling in 2024, after a data loss on recovery
     * from several recycled files was reproduced (facebook/rocksdb pull request 12918). Recovery then
     * relies on the sequence numbers of consecutive log files being adjacent, and the loss came from
     * features that use sequence numbers without a log write: writes with the log disabled and file
     * ingestion. tillsync uses neither, because every write goes through the log, synced or not. The
     * power-cut test ({@code PowerCutTest}) rebuilds the disk at many points of a run, keeping only
     * what a sync made durable under the POSIX rules, and finds every reported sale once, with and
     * without recycling, and on a store first written without it. Only log files of the current
     * opening are recycled, so a store can be reopened with either setting.
     *
     * @throws StoreException if the directory cannot be created, is read-only, is in use by another
     *                        process or contains a damaged database
     */
    public static RocksKv open(Path directory, boolean walRecycling) {
        createDirectory(directory);
        DBOptions dbOptions = dbOptions();
        if (walRecycling) {
            // A log file is recycled only once every column family has flushed past it, so a small
            // total log size makes RocksDB flush often enough for files to be recycled.
            dbOptions.setRecycleLogFileNum(RECYCLED_LOG_FILES).setMaxTotalWalSize(RECYCLING_MAX_LOG_BYTES);
        }
        FamilyOptions columnOptions = new FamilyOptions();
        try {
            return new RocksKv(directory, dbOptions, columnOptions, openDatabase(directory, dbOptions, columnOptions));
        } catch (RocksDBException e) {
            dbOptions.close();
            columnOptions.close();
            throw translate("open the database", null, null, directory, e);
        }
    }

    /**
     * Opens the database in {@code directory} for reading only, without writing anything to the
     * directory: for reports and exports, which must also work on a read-only disk. Writes fail.
     *
     * @throws StoreException if the directory holds no database, or it cannot be read
     */
    public static RocksKv openReadOnly(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new StoreException(StoreException.Reason.WRONG_DIRECTORY, "no tillsync data in " + directory
                    + ": the directory does not exist; give the data directory of a node with --data");
        }
        DBOptions dbOptions = dbOptions().setCreateIfMissing(false).setCreateMissingColumnFamilies(false);
        FamilyOptions columnOptions = new FamilyOptions();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors(columnOptions), handles);
            return new RocksKv(directory, dbOptions, columnOptions, new Database(db, handles));
        } catch (RocksDBException e) {
            dbOptions.close();
            columnOptions.close();
            throw translate("open the database for reading", null, null, directory, e);
        }
    }

    private static DBOptions dbOptions() {
        return new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(2)
                .setMaxTotalWalSize(MAX_LOG_BYTES)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
    }

    /** The options of each column family: one set for the state column, one for the others. */
    private static final class FamilyOptions implements AutoCloseable {
        final BloomFilter filter = new BloomFilter(10);
        final ColumnFamilyOptions general = options(WRITE_BUFFER_BYTES);
        final ColumnFamilyOptions state = options(STATE_WRITE_BUFFER_BYTES);

        private ColumnFamilyOptions options(long writeBufferBytes) {
            return new ColumnFamilyOptions()
                    .setWriteBufferSize(writeBufferBytes)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setTableFormatConfig(new BlockBasedTableConfig()
                            .setBlockCache(SHARED_BLOCK_CACHE)
                            .setFilterPolicy(filter));
        }

        ColumnFamilyOptions of(Column column) {
            return column == Column.STATE ? state : general;
        }

        @Override
        public void close() {
            general.close();
            state.close();
            filter.close();
        }
    }

    private static Database openDatabase(Path directory, DBOptions dbOptions, FamilyOptions columnOptions)
            throws RocksDBException {
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors(columnOptions), handles);
        return new Database(db, handles);
    }

    private static List<ColumnFamilyDescriptor> descriptors(FamilyOptions columnOptions) {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions.general));
        for (Column column : Column.values()) {
            descriptors.add(new ColumnFamilyDescriptor(column.familyNameBytes(), columnOptions.of(column)));
        }
        return descriptors;
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage();
            boolean readOnly = detail.contains("Read-only") || e instanceof java.nio.file.AccessDeniedException;
            StoreException.Reason reason = readOnly
                    ? StoreException.Reason.READ_ONLY : StoreException.Reason.IO_ERROR;
            throw new StoreException(reason, "", "cannot create the data directory " + directory + ": " + detail
                    + "; choose a writable directory with --data", e);
        }
    }

    @Override
    public byte[] get(Column column, byte[] key) {
        lock.readLock().lock();
        try {
            Database current = current();
            return current.db.get(current.handle(column), key);
        } catch (RocksDBException e) {
            throw translate("read", column, key, directory, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Visits under the read lock, so a reopen waits for the scan to end. */
    @Override
    public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
        lock.readLock().lock();
        try (ReadOptions options = new ReadOptions()) {
            scan(current(), options, column, from, to, visitor);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void scan(Database source, ReadOptions options, Column column, byte[] from, byte[] to, Visitor visitor) {
        try (Slice upper = new Slice(to)) {
            options.setIterateUpperBound(upper);
            try (RocksIterator it = source.db.newIterator(source.handle(column), options)) {
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

    /**
     * {@inheritDoc}
     *
     * <p>A failed write marks the database for {@link #reopenIfFailed}.
     */
    @Override
    public void write(KvBatch batch, boolean sync) {
        lock.readLock().lock();
        try (WriteBatch writeBatch = new WriteBatch()) {
            Database current = current();
            for (KvBatch.Op op : batch.lastOps()) {
                ColumnFamilyHandle handle = current.handle(op.column());
                if (op.value() == null) {
                    writeBatch.delete(handle, op.key());
                } else {
                    writeBatch.put(handle, op.key(), op.value());
                }
            }
            current.db.write(sync ? syncWrite : plainWrite, writeBatch);
        } catch (RocksDBException e) {
            writeFailed = true;
            throw translate("write a batch of " + batch.size() + " entries", null, null, directory, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Closes and opens the database again if a write failed since it was opened, so that writes can
     * succeed once the cause is gone. The write-ahead log is recovered on opening, so the caller must
     * read any state it keeps in memory again: a write reported as failed may still be in the log.
     *
     * @return true if the database was reopened
     * @throws StoreException if opening fails (the disk is still full), or while a snapshot is open
     */
    @Override
    public boolean reopenIfFailed() {
        if (!writeFailed && database != null) {
            return false;
        }
        lock.writeLock().lock();
        try {
            checkOpen();
            if (openSnapshots.get() > 0) {
                throw new StoreException(StoreException.Reason.IO_ERROR, "cannot reopen the database in " + directory
                        + " after a failed write while " + openSnapshots.get() + " snapshots are open; retry");
            }
            if (database != null) {
                database.close();
                database = null;
            }
            database = openDatabase(directory, dbOptions, columnOptions);
            writeFailed = false;
            return true;
        } catch (RocksDBException e) {
            database = openForReading();
            throw translate("reopen the database after a failed write", null, null, directory, e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Opens the database read-only, so that reads go on while it cannot be opened for writing (a
     * full or read-only disk). Writes then fail, and the next one tries to reopen. Returns null if
     * that fails too.
     */
    private Database openForReading() {
        List<ColumnFamilyDescriptor> descriptors = descriptors(columnOptions);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            return new Database(RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors, handles), handles);
        } catch (RocksDBException e) {
            return null;
        }
    }

    /** Returns the open database. The caller must hold the read lock. */
    private Database current() {
        checkOpen();
        Database current = database;
        if (current == null) {
            throw new StoreException(StoreException.Reason.IO_ERROR, "the database in " + directory
                    + " is closed because reopening it after a failed write failed; the next write retries");
        }
        return current;
    }

    /** Returns a snapshot. The database is not reopened until every snapshot is closed. */
    @Override
    public KvSnapshot snapshot() {
        lock.readLock().lock();
        try {
            Database source = current();
            openSnapshots.incrementAndGet();
            return snapshotOf(source);
        } finally {
            lock.readLock().unlock();
        }
    }

    private KvSnapshot snapshotOf(Database source) {
        Snapshot snapshot = source.db.getSnapshot();
        ReadOptions options = new ReadOptions().setSnapshot(snapshot);
        return new KvSnapshot() {
            @Override
            public byte[] get(Column column, byte[] key) {
                try {
                    return source.db.get(source.handle(column), options, key);
                } catch (RocksDBException e) {
                    throw translate("read", column, key, directory, e);
                }
            }

            @Override
            public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
                RocksKv.this.scan(source, options, column, from, to, visitor);
            }

            @Override
            public void close() {
                options.close();
                source.db.releaseSnapshot(snapshot);
                openSnapshots.decrementAndGet();
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
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (database != null) {
                database.close();
                database = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
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
