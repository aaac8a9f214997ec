package dev.tillsync.node.chain.support;

import static org.awaitility.Awaitility.await;

import dev.tillsync.node.app.HostPort;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.sync.SyncSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;

/**
 * A small chain in this JVM: {@code hq}, the store {@code s1} and the tills a test adds, each till
 * connected directly or through its own {@link FaultProxy}. {@link #close} stops every node and
 * proxy still running.
 */
public final class ChainFixture implements AutoCloseable {

    public static final String STORE = "s1";
    /** Maximum wait for an eventual condition: generous, so that a slow machine is not a failure. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final InProcessNodes nodes;
    private final Map<String, FaultProxy> proxies = new LinkedHashMap<>();
    private final Map<String, NodeRuntime> tills = new LinkedHashMap<>();
    private NodeRuntime hq;
    private NodeRuntime store;

    private ChainFixture(InProcessNodes nodes) {
        this.nodes = nodes;
    }

    /** Starts hq and the store {@code s1} with their data under {@code directory}. */
    public static ChainFixture start(Path directory, SyncSettings settings) {
        ChainFixture chain = new ChainFixture(new InProcessNodes(directory, settings));
        try {
            chain.hq = chain.nodes.startRoot();
            chain.store = chain.nodes.start(STORE, chain.hq);
            return chain;
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    /** Returns an Awaitility condition factory with the chain tests' patience. */
    public static ConditionFactory eventually(String description) {
        return await(description).atMost(PATIENCE).pollInterval(Duration.ofMillis(50));
    }

    public InProcessNodes nodes() {
        return nodes;
    }

    public NodeRuntime hq() {
        return hq;
    }

    public NodeRuntime store() {
        return store;
    }

    public NodeRuntime till(String tillId) {
        return tills.get(tillId);
    }

    public FaultProxy proxyOf(String tillId) {
        return proxies.get(tillId);
    }

    /** Starts a till connected straight to the store, in its default data directory. */
    public NodeRuntime startTill(String tillId) {
        return startTill(tillId, nodes.dataOf(tillId));
    }

    /** Starts a till from {@code data}, connected straight to the store. */
    public NodeRuntime startTill(String tillId, Path data) {
        return track(nodes.start(tillId, data, store.listenAddress(), null));
    }

    /** Starts a till whose link to the store runs through a new {@link FaultProxy}. */
    public NodeRuntime startTillBehindProxy(String tillId) {
        return startTillBehindProxy(tillId, nodes.dataOf(tillId));
    }

    /** Starts a till from {@code data} behind its proxy, creating the proxy on first use. */
    public NodeRuntime startTillBehindProxy(String tillId, Path data) {
        FaultProxy proxy = proxies.computeIfAbsent(tillId, id -> FaultProxy.start(store.listenAddress()));
        return track(nodes.start(tillId, data, proxy.address(), null));
    }

    private NodeRuntime track(NodeRuntime till) {
        tills.put(till.nodeId(), till);
        return till;
    }

    /** Stops a till; {@link #till} no longer returns it. */
    public void stopTill(String tillId) {
        NodeRuntime till = tills.remove(tillId);
        if (till != null) {
            nodes.stop(till);
        }
    }

    /** Stops the store and starts it again on its data directory and port. */
    public NodeRuntime restartStore() {
        store = nodes.restart(store);
        return store;
    }

    /** Stops the store; {@link #startStore} starts it again on the same port. */
    public HostPort stopStore() {
        HostPort listen = store.listenAddress();
        nodes.stop(store);
        return listen;
    }

    /** Starts the store on its data directory, listening on {@code listen}. */
    public NodeRuntime startStore(HostPort listen) {
        store = nodes.start(STORE, nodes.dataOf(STORE), hq.listenAddress(), listen);
        return store;
    }

    /** Returns every running node, hq first. */
    public List<NodeRuntime> running() {
        List<NodeRuntime> running = new ArrayList<>(List.of(hq, store));
        running.addAll(tills.values());
        return running;
    }

    /**
     * Returns true when every node below hq is connected to its parent with nothing unacknowledged,
     * and every node's digests of the chain and of the store equal hq's.
     */
    public boolean converged() {
        long now = System.currentTimeMillis();
        for (NodeRuntime node : running().subList(1, running().size())) {
            if (!node.parentConnected() || node.replicator().status(now).getUnacknowledgedEvents() > 0) {
                return false;
            }
        }
        for (Scope scope : List.of(Scope.chain(), Scope.store(STORE))) {
            byte[] expected = hq.store().reader().digest(scope);
            for (NodeRuntime node : running()) {
                if (!Arrays.equals(expected, node.store().reader().digest(scope))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Waits until {@link #converged}. */
    public void awaitConverged() {
        eventually("the chain to converge").until(this::converged);
    }

    @Override
    public void close() {
        try {
            nodes.close();
        } finally {
            proxies.values().forEach(FaultProxy::close);
        }
    }
}
