package dev.tillsync.node.sim;

import dev.tillsync.node.store.MemoryKv;
import dev.tillsync.node.store.NodeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where a simulated node keeps its data while its process is down: memory or a RocksDB directory. */
interface SimStorage {

    /** Opens a store on the data as it is now. */
    NodeStore open(NodeStore.Options options);

    /** Takes note that the open store was closed, by a crash or not; a power loss drops unsynced writes. */
    void closed(boolean powerLoss);

    /** Forgets every byte, as a new disk does. */
    void wipe();

    /** Returns a copy of the data, as an operator copying a data directory makes; the store must be closed. */
    SimStorage copy(String copyName);

    /** Returns true if the data lives in memory. */
    boolean inMemory();

    /** Data in memory: a {@link MemoryKv}, wrapped so that a power loss drops unsynced writes. */
    final class Memory implements SimStorage {

        private final String name;
        private MemoryKv data;
        private CrashableKv opened;

        Memory(String name) {
            this.name = name;
            this.data = new MemoryKv(name);
        }

        private Memory(String name, MemoryKv data) {
            this.name = name;
            this.data = data;
        }

        @Override
        public NodeStore open(NodeStore.Options options) {
            opened = new CrashableKv(data);
            return NodeStore.open(opened, options);
        }

        @Override
        public void closed(boolean powerLoss) {
            data = opened.afterCrash(powerLoss);
            opened = null;
        }

        @Override
        public void wipe() {
            data = new MemoryKv(name);
        }

        @Override
        public SimStorage copy(String copyName) {
            return new Memory(copyName, data.reopen());
        }

        @Override
        public boolean inMemory() {
            return true;
        }
    }

    /**
     * A RocksDB directory, written with the writer in the caller's thread. A crash closes the
     * database, which syncs its log, so a power loss here loses nothing: only {@link Memory}
     * models lost unsynced writes.
     */
    final class Rocks implements SimStorage {

        private final Path directory;

        Rocks(Path directory) {
            this.directory = directory;
        }

        @Override
        public NodeStore open(NodeStore.Options options) {
            return NodeStore.open(directory, options);
        }

        @Override
        public void closed(boolean powerLoss) {
        }

        @Override
        public void wipe() {
            deleteTree(directory);
        }

        @Override
        public SimStorage copy(String copyName) {
            Path target = directory.resolveSibling(copyName);
            deleteTree(target);
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(directory.relativize(file).toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("copy of " + directory + " to " + target + " failed", e);
            }
            return new Rocks(target);
        }

        @Override
        public boolean inMemory() {
            return false;
        }
    }

    /** Deletes a directory and everything below it, if it exists. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("delete of " + root + " failed", e);
        }
    }
}
