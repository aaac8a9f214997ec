package dev.tillsync.node.sim;

import dev.tillsync.node.crdt.LwwRegister;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.store.StateReader;
import dev.tillsync.node.store.StockEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The checks of a settled chain against the oracle. Each failure names the property it breaks,
 * the node and the values, in one message:
 * <ul>
 *   <li>convergence: each node's state in each of its scopes equals what the oracle's events give,
 *       and nodes that share a scope have equal digests;</li>
 *   <li>sales at root: every sale and return recorded anywhere is at the root once, unchanged;</li>
 *   <li>stock: stock on hand is receipts + adjustments - sold + returned, at every node of the store;</li>
 *   <li>price: each node shows the write with the greatest timestamp, ties broken as in
 *       {@link LwwRegister};</li>
 *   <li>scope: no node stores an event outside its scopes, and tills store other tills' sales only
 *       as stock movements.</li>
 * </ul>
 */
final class ChainChecks {

    private ChainChecks() {
    }

    /** Runs every check of a settled chain; throws {@link AssertionError} at the first failure. */
    static void check(SimChain chain, Oracle.Expected expected) {
        salesAtRoot(chain.root(), expected);
        for (SimNode node : chain.nodes()) {
            for (Scope scope : scopes(chain, node)) {
                prices(node, scope, expected);
                if (!scope.isChain()) {
                    stock(node, scope.storeId(), expected);
                }
            }
            heldEvents(node, expected);
            nothingOutsideScopes(node);
        }
        digests(chain);
    }

    /** Returns the scopes a node holds: the chain and its store, or at the root the chain and every store. */
    static List<Scope> scopes(SimChain chain, SimNode node) {
        List<Scope> scopes = new ArrayList<>();
        scopes.add(Scope.chain());
        if (node.parent() == null) {
            chain.config().storeIds().forEach(storeId -> scopes.add(Scope.store(storeId)));
        } else {
            scopes.add(Scope.store(NodeIds.storeOf(node.nodeId())));
        }
        return scopes;
    }

    private static void salesAtRoot(SimNode root, Oracle.Expected expected) {
        StateReader reader = root.store().reader();
        for (Event sale : expected.sales()) {
            Optional<Event> held = reader.event(sale.dot());
            if (held.isEmpty()) {
                throw new AssertionError("sales at root: " + describe(sale) + " recorded at "
                        + sale.dot().replica().nodeId() + " is missing at " + root.nodeId());
            }
            if (!held.get().equals(sale)) {
                throw new AssertionError("sales at root: " + root.nodeId() + " holds " + held.get() + " for "
                        + describe(sale) + ", recorded as " + sale);
            }
        }
        long salesHeld = root.store().events(Oracle::isSale).size();
        if (salesHeld != expected.sales().size()) {
            throw new AssertionError("sales at root: " + root.nodeId() + " holds " + salesHeld
                    + " sales and returns, but " + expected.sales().size() + " were recorded");
        }
    }

    private static void stock(SimNode node, String storeId, Oracle.Expected expected) {
        Map<String, Map<ReplicaId, List<Long>>> held = new TreeMap<>();
        for (StockEntry entry : node.store().reader().stockEntries(storeId)) {
            held.computeIfAbsent(entry.sku(), sku -> new TreeMap<>())
                    .put(entry.replica(), List.of(entry.increments(), entry.decrements()));
        }
        Map<String, Map<ReplicaId, List<Long>>> wanted = expected.stockEntries(storeId);
        if (!held.equals(wanted)) {
            throw new AssertionError("convergence: stock entries (increments, decrements) of store " + storeId
                    + " at " + node.nodeId() + " are " + held + " (expected: " + wanted + ")");
        }
        PointOfSale pos = node.posNow();
        String requested = node.parent() == null ? storeId : "";
        for (String sku : expected.skus()) {
            long onHand = pos.stockOnHand(requested, sku);
            long want = expected.stockOnHand(storeId, sku);
            if (onHand != want) {
                throw new AssertionError("stock: " + node.nodeId() + " shows " + onHand + " units of " + sku
                        + " in store " + storeId + " (expected: " + want
                        + " = receipts + adjustments - sold + returned)");
            }
        }
    }

    private static void prices(SimNode node, Scope scope, Oracle.Expected expected) {
        Map<String, Oracle.PriceWrite> held = new TreeMap<>();
        node.store().reader().prices(scope).registers().forEach((sku, register) -> held.put(sku,
                new Oracle.PriceWrite(register.value(), register.timestamp(), register.writer())));
        Map<String, Oracle.PriceWrite> wanted = expected.prices(scope);
        if (!held.equals(wanted)) {
            throw new AssertionError("price: the price registers of " + scope + " at " + node.nodeId() + " are "
                    + held + " (expected the greatest write of each SKU: " + wanted + ")");
        }
        if (scope.isChain()) {
            return;
        }
        PointOfSale pos = node.posNow();
        String requested = node.parent() == null ? scope.storeId() : "";
        for (String sku : expected.skus()) {
            Optional<Money> shown = pos.price(requested, sku);
            Optional<Money> want = expected.price(scope.storeId(), sku);
            if (!shown.equals(want)) {
                throw new AssertionError("price: " + node.nodeId() + " shows " + shown + " for " + sku + " in "
                        + scope + " (expected: " + want + ", the greatest write of the chain and the store)");
            }
        }
    }

    /** Checks that every event a node stores was recorded and is unchanged, or is its stock projection. */
    private static void heldEvents(SimNode node, Oracle.Expected expected) {
        node.store().reader().forEachEvent(event -> {
            Optional<Event> recorded = expected.event(event.dot());
            if (recorded.isEmpty()) {
                throw new AssertionError("convergence: " + node.nodeId() + " holds " + event
                        + ", which the oracle does not expect (recorded nowhere, or lost by a restore "
                        + "yet still held here)");
            }
            Event original = recorded.get();
            if (!event.equals(original) && !event.equals(original.projectedForTill())) {
                throw new AssertionError("convergence: " + node.nodeId() + " holds " + event + " for "
                        + describe(original) + ", recorded as " + original);
            }
            return true;
        });
    }

    private static void nothingOutsideScopes(SimNode node) {
        if (node.parent() == null) {
            return;
        }
        String storeId = NodeIds.storeOf(node.nodeId());
        boolean till = node.nodeId().contains("/");
        node.store().reader().forEachEvent(event -> {
            if (!event.scope().isChain() && !event.scope().storeId().equals(storeId)) {
                throw new AssertionError("scope: " + node.nodeId() + " of store " + storeId + " holds "
                        + describe(event) + " of " + event.scope());
            }
            boolean ownSale = NodeIds.isInSubtree(event.dot().replica().nodeId(), node.nodeId());
            if (till && Oracle.isSale(event) && !ownSale) {
                throw new AssertionError("scope: till " + node.nodeId() + " holds " + describe(event) + " of "
                        + event.dot().replica().nodeId() + " with its payment data (expected: a stock movement)");
            }
            return true;
        });
        List<String> stores = node.store().reader().storeIds();
        if (!stores.isEmpty() && !stores.equals(List.of(storeId))) {
            throw new AssertionError("scope: " + node.nodeId() + " holds stock of stores " + stores
                    + " (expected: only " + storeId + ")");
        }
        for (Scope scope : node.store().reader().registerScopes()) {
            if (!scope.isChain() && !scope.storeId().equals(storeId)) {
                throw new AssertionError("scope: " + node.nodeId() + " holds prices or items of " + scope);
            }
        }
    }

    private static void digests(SimChain chain) {
        Map<Scope, byte[]> first = new TreeMap<>();
        Map<Scope, String> firstHolder = new TreeMap<>();
        for (SimNode node : chain.nodes()) {
            for (Scope scope : scopes(chain, node)) {
                byte[] digest = node.store().reader().digest(scope);
                byte[] seen = first.putIfAbsent(scope, digest);
                firstHolder.putIfAbsent(scope, node.nodeId());
                if (seen != null && !Arrays.equals(seen, digest)) {
                    throw new AssertionError("convergence: the digest of " + scope + " at " + node.nodeId() + " is "
                            + hex(digest) + " but " + hex(seen) + " at " + firstHolder.get(scope));
                }
            }
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    static String describe(Event event) {
        String kind = event.body().getClass().getSimpleName();
        if (event.body() instanceof EventBody.SaleCompleted sale) {
            kind = "sale of " + sale.total();
        } else if (event.body() instanceof EventBody.SaleReturned returned) {
            kind = "return of " + returned.total();
        }
        return kind + " " + event.dot();
    }
}
