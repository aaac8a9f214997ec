package dev.tillsync.node.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The nodes of one simulated chain on one virtual clock and network: the root, its stores and
 * their tills, and any copies of tills started on copied data. Backups and RocksDB directories
 * live in a temporary directory that {@link #close} deletes.
 */
final class SimChain implements AutoCloseable {

    /** Virtual time at the start of every run: 2026-05-28, mid-morning UTC. */
    static final long START_MILLIS = 1_779_962_400_000L;

    private final ChainConfig config;
    private final SimScheduler scheduler = new SimScheduler(START_MILLIS);
    private final SimNetwork network;
    private final SimNode.Environment environment;
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private final List<SimNode> copies = new ArrayList<>();
    private final Map<String, Path> backups = new HashMap<>();
    private Path directory;

    SimChain(ChainConfig config) {
        this.config = config;
        Random random = new Random(config.seed());
        this.network = new SimNetwork(scheduler, random);
        network.faults(config.faults());
        network.highWaterBytes(config.highWaterBytes());
        this.environment = new SimNode.Environment(network, config.settings(), ChainConfig.MAX_DRIFT_MILLIS,
                new Random(random.nextLong()));
        SimNode root = add(ChainConfig.ROOT, null);
        for (String storeId : config.storeIds()) {
            SimNode store = add(storeId, root);
            for (String till : config.initialTills(storeId)) {
                add(till, store);
            }
        }
    }

    private SimNode add(String nodeId, SimNode parent) {
        SimNode node = new SimNode(nodeId, parent, environment, storage(nodeId));
        nodes.put(nodeId, node);
        return node;
    }

    private SimStorage storage(String name) {
        if (!config.rocksDb()) {
            return new SimStorage.Memory(name);
        }
        return new SimStorage.Rocks(directory().resolve("nodes").resolve(fileName(name)));
    }

    private static String fileName(String nodeId) {
        return nodeId.replace('/', '_');
    }

    ChainConfig config() {
        return config;
    }

    SimScheduler scheduler() {
        return scheduler;
    }

    SimNetwork network() {
        return network;
    }

    void startAll() {
        nodes.values().forEach(SimNode::start);
    }

    SimNode root() {
        return nodes.get(ChainConfig.ROOT);
    }

    /** Returns the node with this id; copies of tills are not included. */
    SimNode node(String nodeId) {
        SimNode node = nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("node id: " + nodeId + " (expected: one of " + nodes.keySet() + ")");
        }
        return node;
    }

    /** Returns every node but the copies, in creation order: the root, each store, its tills, joined tills. */
    Collection<SimNode> nodes() {
        return nodes.values();
    }

    List<SimNode> copies() {
        return copies;
    }

    /** Adds a till to a store and starts it; being new, it bootstraps from its store. */
    SimNode join(String tillId) {
        SimNode till = add(tillId, node(tillId.substring(0, tillId.indexOf('/'))));
        till.start();
        return till;
    }

    /** Returns the file for the last backup of a node, and remembers that it exists. */
    Path backupFile(String nodeId) {
        Path file = directory().resolve("backups").resolve(fileName(nodeId) + ".snapshot");
        backups.put(nodeId, file);
        return file;
    }

    /** Returns the file of the node's last backup, or null if it has none. */
    Path lastBackup(String nodeId) {
        return backups.get(nodeId);
    }

    /** Starts a second node on a copy of a live till's data; see {@link SimNode#startCopy}. */
    SimNode startCopy(SimNode till) {
        String name = fileName(till.nodeId()) + "-copy-" + (copies.size() + 1);
        Path file = directory().resolve("backups").resolve(name + ".snapshot");
        SimNode copy = till.startCopy(new SimStorage.Memory(name), file, name);
        copies.add(copy);
        return copy;
    }

    private Path directory() {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("tillsync-sim-");
                Files.createDirectories(directory.resolve("backups"));
                Files.createDirectories(directory.resolve("nodes"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a temporary directory for a simulated chain", e);
            }
        }
        return directory;
    }

    /** Stops every node and deletes the chain's files. */
    @Override
    public void close() {
        for (SimNode node : nodes.values()) {
            node.crash(false);
        }
        for (SimNode copy : copies) {
            copy.crash(false);
        }
        if (directory != null) {
            SimStorage.deleteTree(directory);
        }
    }
}
