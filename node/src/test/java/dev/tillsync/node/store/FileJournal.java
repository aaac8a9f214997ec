package dev.tillsync.node.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The file operations of one process under one directory, as journaled by the preload library
 * {@code src/test/native/filejournal.c}, and the disk they leave after a power cut.
 *
 * <p>{@link #diskAt} follows the POSIX rules a database may rely on and nothing more. A file's bytes
 * and length are on the disk once an fsync or fdatasync of that file has begun after they were
 * written. A name is on the disk once its directory has been synced after the name was created,
 * renamed or removed. Anything else may or may not have reached the disk. A strict cut keeps none of
 * it, and a cut with write-back keeps a random choice of it, page by page and name by name.
 */
final class FileJournal {

    static final int PAGE = 4096;

    enum Op {
        OPEN(1), WRITE(2), TRUNCATE(3), EXTEND(4), SYNC(5), RENAME(6), UNLINK(7), MKDIR(8), RMDIR(9), LINK(10),
        STDOUT(11), UNMODELLED(12), PUNCH(13);

        final int code;

        Op(int code) {
            this.code = code;
        }

        static Op of(int code) {
            for (Op op : values()) {
                if (op.code == code) {
                    return op;
                }
            }
            throw new IllegalStateException("unknown journal record type " + code
                    + ": rebuild filejournal.c and the journal");
        }
    }

    /** One journaled call; {@code inode} is 0 for calls that name a path only. */
    record Entry(Op op, String path, String second, long a, long b, long inode, byte[] data) {

        boolean isLogFile() {
            return path.endsWith(".log");
        }
    }

    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;

    private final Path root;
    private final Map<String, byte[]> base;
    private final List<Entry> entries;
    private final List<OutputLine> outputLines;

    private FileJournal(Path root, Map<String, byte[]> base, List<Entry> entries) {
        this.root = root;
        this.base = base;
        this.entries = entries;
        this.outputLines = splitOutput(entries);
    }

    /** Returns the files under {@code root}, by absolute name, with their content. */
    static Map<String, byte[]> filesUnder(Path root) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(file.toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /**
     * Reads the journal of a process that watched {@code root}, where the files {@code base} were on
     * the disk, synced, before the process started.
     */
    static FileJournal read(Path journal, Path root, Map<String, byte[]> base) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(Files.newInputStream(journal), 1 << 16))) {
            while (true) {
                int code = in.read();
                if (code < 0) {
                    break;
                }
                String path = string(in);
                String second = string(in);
                long a = u64(in);
                long b = u64(in);
                long inode = u64(in);
                byte[] data = in.readNBytes(u32(in));
                entries.add(new Entry(Op.of(code), path, second, a, b, inode, data));
            }
        }
        return new FileJournal(root, base, entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /** One whole line of the process's standard output, and the journal index just after its end. */
    record OutputLine(String text, int end) {
    }

    /** Returns the whole lines the process wrote to its standard output, in order. */
    List<OutputLine> outputLines() {
        return outputLines;
    }

    /** Returns the whole lines the process wrote to its standard output before entry {@code end}. */
    List<String> stdoutLinesBefore(int end) {
        return outputLines.stream().filter(line -> line.end() <= end).map(OutputLine::text).toList();
    }

    private static List<OutputLine> splitOutput(List<Entry> entries) {
        List<OutputLine> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).op() != Op.STDOUT) {
                continue;
            }
            for (char c : new String(entries.get(i).data(), StandardCharsets.UTF_8).toCharArray()) {
                if (c == '\n') {
                    lines.add(new OutputLine(line.toString(), i + 1));
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }
        return lines;
    }

    /**
     * Writes into {@code target} the files under the journaled root that a power cut just before entry
     * {@code end} could leave. With {@code writeBack} null only what was synced is kept; otherwise it
     * picks which unsynced pages and names reached the disk.
     */
    void diskAt(int end, Random writeBack, Path target) throws IOException {
        Disk disk = new Disk(root.toString(), base);
        for (int i = 0; i < end; i++) {
            disk.apply(entries.get(i));
        }
        disk.write(target, writeBack);
    }

    /**
     * Returns how the files the whole journal leaves differ from those in {@code actual}, the journaled
     * directory itself, or nothing when the library saw every change. RocksDB's info logs ({@code LOG*})
     * are left out: RocksDB writes them through stdio, whose calls stay inside the C library.
     */
    List<String> mismatchesWith(Path actual) throws IOException {
        Disk disk = new Disk(root.toString(), base);
        entries.forEach(disk::apply);
        Map<String, byte[]> journaled = disk.currentFiles();
        List<String> mismatches = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(actual)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                if (file.getFileName().toString().startsWith("LOG")) {
                    continue;
                }
                byte[] expected = journaled.remove(file.toString());
                if (expected == null) {
                    mismatches.add(file + ": on disk, not in the journal");
                } else if (!Arrays.equals(expected, Files.readAllBytes(file))) {
                    mismatches.add(file + ": content differs from the journal's");
                }
            }
        }
        journaled.keySet().stream()
                .filter(name -> !Path.of(name).getFileName().toString().startsWith("LOG"))
                .forEach(name -> mismatches.add(name + ": in the journal, not on disk"));
        return mismatches;
    }

    /** A file's content operations in order; the first {@code synced} of them are on the disk. */
    private static final class Inode {
        final List<Entry> operations = new ArrayList<>();
        int synced;

        byte[] contentAfter(int count) {
            byte[] content = new byte[0];
            int length = 0;
            for (int i = 0; i < count; i++) {
                Entry operation = operations.get(i);
                switch (operation.op()) {
                    case WRITE -> {
                        int end = Math.toIntExact(operation.a() + operation.data().length);
                        if (end > content.length) {
                            content = Arrays.copyOf(content, Math.max(end, content.length * 2));
                        }
                        System.arraycopy(operation.data(), 0, content, Math.toIntExact(operation.a()),
                                operation.data().length);
                        length = Math.max(length, end);
                    }
                    case TRUNCATE -> {
                        int newLength = Math.toIntExact(operation.a());
                        if (newLength > content.length) {
                            content = Arrays.copyOf(content, newLength);
                        } else {
                            Arrays.fill(content, newLength, content.length, (byte) 0);
                        }
                        length = newLength;
                    }
                    case EXTEND -> {
                        int newLength = Math.toIntExact(operation.a());
                        if (newLength > length) {
                            content = Arrays.copyOf(content, Math.max(newLength, content.length));
                            length = newLength;
                        }
                    }
                    case PUNCH -> {
                        int start = (int) Math.min(length, operation.a());
                        int end = (int) Math.min(length, operation.a() + operation.b());
                        Arrays.fill(content, start, end, (byte) 0);
                    }
                    default -> throw new IllegalStateException("not a content operation: " + operation);
                }
            }
            return Arrays.copyOf(content, length);
        }
    }

    private static final class Disk {
        private final String root;
        private final Map<Long, Inode> byNumber = new HashMap<>();
        private final Map<String, Inode> names = new HashMap<>();
        private final Map<String, Inode> syncedNames = new HashMap<>();
        private final Set<String> directories = new HashSet<>();
        private final Map<Long, String> directoryInodes = new HashMap<>();
        private final Set<String> syncedDirectories = new HashSet<>();

        Disk(String root, Map<String, byte[]> base) {
            this.root = root;
            directories.add(root);
            syncedDirectories.add(root);
            base.forEach((name, content) -> {
                Inode inode = new Inode();
                inode.operations.add(new Entry(Op.WRITE, name, "", 0, 0, 0, content));
                inode.synced = 1;
                names.put(name, inode);
                syncedNames.put(name, inode);
                for (String parent = parentOf(name); !parent.equals(root); parent = parentOf(parent)) {
                    directories.add(parent);
                    syncedDirectories.add(parent);
                }
            });
        }

        void apply(Entry entry) {
            switch (entry.op()) {
                case OPEN -> open(entry);
                case WRITE, TRUNCATE, EXTEND, PUNCH -> inode(entry).operations.add(entry);
                case SYNC -> sync(entry);
                case RENAME -> {
                    Inode moved = names.remove(entry.path());
                    if (moved != null) {
                        names.put(entry.second(), moved);
                    } else if (directories.contains(entry.path())) {
                        throw new IllegalStateException("renamed directories are not modelled: " + entry);
                    }
                }
                case UNLINK -> names.remove(entry.path());
                case MKDIR -> directories.add(entry.path());
                case RMDIR -> directories.remove(entry.path());
                case LINK -> {
                    Inode linked = names.get(entry.path());
                    if (linked != null) {
                        names.put(entry.second(), linked);
                    }
                }
                case STDOUT -> { }
                case UNMODELLED -> throw new IllegalStateException(entry.second() + " changed " + entry.path()
                        + " in a way the journal cannot rebuild: " + entry);
                default -> throw new IllegalStateException("journal record not modelled: " + entry);
            }
        }

        private void open(Entry entry) {
            boolean existed = (entry.b() & 1) != 0;
            boolean directory = (entry.b() & 2) != 0;
            if (directory) {
                if (!directories.contains(entry.path())) {
                    throw new IllegalStateException("directory opened but never created in the journal: " + entry);
                }
                byNumber.remove(entry.inode());
                directoryInodes.put(entry.inode(), entry.path());
                return;
            }
            directoryInodes.remove(entry.inode());
            if (!existed && (entry.a() & O_CREAT) != 0) {
                Inode created = new Inode();
                byNumber.put(entry.inode(), created);
                names.put(entry.path(), created);
                return;
            }
            Inode known = names.get(entry.path());
            if (known == null) {
                throw new IllegalStateException("file opened but never created in the journal: " + entry);
            }
            byNumber.put(entry.inode(), known);
            if ((entry.a() & O_TRUNC) != 0) {
                known.operations.add(new Entry(Op.TRUNCATE, entry.path(), "", 0, 0, entry.inode(), new byte[0]));
            }
        }

        private Inode inode(Entry entry) {
            Inode inode = byNumber.get(entry.inode());
            if (inode == null) {
                throw new IllegalStateException("no open file found with inode " + entry.inode() + ": " + entry);
            }
            return inode;
        }

        private void sync(Entry entry) {
            String directory = directoryInodes.get(entry.inode());
            if (directory != null) {
                String prefix = directory + "/";
                Set<String> children = new HashSet<>();
                for (String name : names.keySet()) {
                    if (isChild(prefix, name)) {
                        children.add(name);
                    }
                }
                for (String name : syncedNames.keySet()) {
                    if (isChild(prefix, name)) {
                        children.add(name);
                    }
                }
                for (String name : children) {
                    Inode now = names.get(name);
                    if (now == null) {
                        syncedNames.remove(name);
                    } else {
                        syncedNames.put(name, now);
                    }
                }
                syncedDirectories.removeIf(name -> isChild(prefix, name));
                directories.stream().filter(name -> isChild(prefix, name)).forEach(syncedDirectories::add);
                return;
            }
            Inode inode = inode(entry);
            inode.synced = inode.operations.size();
        }

        private static boolean isChild(String prefix, String name) {
            return name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0;
        }

        void write(Path target, Random writeBack) throws IOException {
            TreeSet<String> candidates = new TreeSet<>(syncedNames.keySet());
            candidates.addAll(names.keySet());
            Set<String> dirs = new TreeSet<>(syncedDirectories);
            if (writeBack != null) {
                for (String dir : directories) {
                    if (writeBack.nextBoolean()) {
                        dirs.add(dir);
                    }
                }
            }
            for (String name : candidates) {
                Inode synced = syncedNames.get(name);
                Inode now = names.get(name);
                Inode chosen = synced;
                if (writeBack != null && synced != now && writeBack.nextBoolean()) {
                    chosen = now;
                }
                if (chosen == null || !reachable(name, dirs)) {
                    continue;
                }
                Path file = target.resolve(relative(name));
                Files.createDirectories(file.getParent());
                Files.write(file, content(chosen, writeBack));
            }
            for (String dir : dirs) {
                if (reachable(dir + "/x", dirs)) {
                    Files.createDirectories(target.resolve(relative(dir)));
                }
            }
        }

        /** Returns every name of a file with the content it has after all journaled operations. */
        Map<String, byte[]> currentFiles() {
            Map<String, byte[]> files = new HashMap<>();
            names.forEach((name, inode) -> files.put(name, inode.contentAfter(inode.operations.size())));
            return files;
        }

        private boolean reachable(String name, Set<String> dirs) {
            for (String parent = parentOf(name); !parent.equals(root); parent = parentOf(parent)) {
                if (!dirs.contains(parent)) {
                    return false;
                }
            }
            return true;
        }

        private String parentOf(String name) {
            int slash = name.lastIndexOf('/');
            if (slash < root.length()) {
                throw new IllegalStateException(name + " is not under " + root);
            }
            return name.substring(0, slash);
        }

        private String relative(String name) {
            return name.equals(root) ? "" : name.substring(root.length() + 1);
        }

        private static byte[] content(Inode inode, Random writeBack) {
            byte[] synced = inode.contentAfter(inode.synced);
            if (writeBack == null || inode.synced == inode.operations.size()) {
                return synced;
            }
            byte[] now = inode.contentAfter(inode.operations.size());
            int length = writeBack.nextBoolean() ? now.length : synced.length;
            byte[] mixed = new byte[length];
            for (int page = 0; page * (long) PAGE < length; page++) {
                byte[] from = writeBack.nextBoolean() ? now : synced;
                int start = page * PAGE;
                int end = Math.min(length, start + PAGE);
                if (start < from.length) {
                    System.arraycopy(from, start, mixed, start, Math.min(end, from.length) - start);
                }
            }
            return mixed;
        }
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(in.readNBytes(u32(in)), StandardCharsets.UTF_8);
    }

    private static int u32(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(4);
        if (bytes.length < 4) {
            throw new EOFException("journal ends inside a record");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static long u64(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(8);
        if (bytes.length < 8) {
            throw new EOFException("journal ends inside a record");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
