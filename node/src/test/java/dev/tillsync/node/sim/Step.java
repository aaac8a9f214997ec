package dev.tillsync.node.sim;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.Scope;

/**
 * One step of a simulated schedule: an operation at a node, a fault, or virtual time passing.
 * Each step prints as one line of a script, such as {@code sell(uk/till-2, A3, 2)}, so that a
 * shrunk failing schedule reads as a scenario.
 */
sealed interface Step {

    /** Returns the price of {@code cents} hundredths, for sales and price sets. */
    static Money money(int cents) {
        return new Money(cents * 100L);
    }

    /** Nothing happens: what a step shrinks to. It prints as an empty line and is left out of scripts. */
    record Idle() implements Step {
        @Override
        public String toString() {
            return "";
        }
    }

    /** Virtual time passes. */
    record Wait(long millis) implements Step {
        @Override
        public String toString() {
            return "wait(" + millis + " ms)";
        }
    }

    /** A till sells {@code quantity} units of one SKU. */
    record Sell(String till, String sku, int quantity, int unitCents) implements Step {
        @Override
        public String toString() {
            return "sell(" + till + ", " + sku + ", " + quantity + " x " + money(unitCents) + ")";
        }
    }

    /** A till takes back {@code quantity} units of one SKU. */
    record Return(String till, String sku, int quantity, int unitCents) implements Step {
        @Override
        public String toString() {
            return "return(" + till + ", " + sku + ", " + quantity + " x " + money(unitCents) + ")";
        }
    }

    /** A node records goods received by a store: its own, or any store at the root. */
    record Receive(String node, String storeId, String sku, int quantity) implements Step {
        @Override
        public String toString() {
            return "receive(" + node + ", store " + storeId + ", " + sku + ", " + quantity + ")";
        }
    }

    /** A node records a stock correction of a store. */
    record Adjust(String node, String storeId, String sku, int quantity) implements Step {
        @Override
        public String toString() {
            return "adjust(" + node + ", store " + storeId + ", " + sku + ", " + quantity + ")";
        }
    }

    /** A node sets a price: the root for the chain or any store, a store server for its own store. */
    record SetPrice(String node, Scope scope, String sku, int cents) implements Step {
        @Override
        public String toString() {
            return "price(" + node + ", " + scope + ", " + sku + ", " + money(cents) + ")";
        }
    }

    /** A new till joins a store and bootstraps; its link is cut every {@code flapMillis} if not 0. */
    record Join(String till, long flapMillis, long flapForMillis) implements Step {
        @Override
        public String toString() {
            return "join(" + till + (flapMillis == 0 ? ")"
                    : ", link cut every " + flapMillis + " ms for " + flapForMillis + " ms)");
        }
    }

    /** A node drops the events it may drop from its log. */
    record Purge(String node) implements Step {
        @Override
        public String toString() {
            return "purge(" + node + ")";
        }
    }

    /** Frames between a node and its parent vanish and new connections fail, until a heal. */
    record Partition(String node, String parent) implements Step {
        @Override
        public String toString() {
            return "partition(" + node + ", " + parent + ")";
        }
    }

    record Heal(String node, String parent) implements Step {
        @Override
        public String toString() {
            return "heal(" + node + ", " + parent + ")";
        }
    }

    /** Every connection of a node is reset. */
    record Cut(String node) implements Step {
        @Override
        public String toString() {
            return "cut(" + node + ")";
        }
    }

    /** Every connection of a node is reset every {@code periodMillis} for {@code forMillis}. */
    record Flap(String node, long periodMillis, long forMillis) implements Step {
        @Override
        public String toString() {
            return "flap(" + node + ", every " + periodMillis + " ms for " + forMillis + " ms)";
        }
    }

    /** The node's process dies. On a power loss its peers get no close and unsynced writes are lost. */
    record Crash(String node, boolean powerLoss) implements Step {
        @Override
        public String toString() {
            return (powerLoss ? "powerLoss(" : "crash(") + node + ")";
        }
    }

    record Restart(String node) implements Step {
        @Override
        public String toString() {
            return "restart(" + node + ")";
        }
    }

    /** The node's wall clock is set {@code offsetMillis} away from true time. */
    record Skew(String node, long offsetMillis) implements Step {
        @Override
        public String toString() {
            return "skew(" + node + ", " + (offsetMillis >= 0 ? "+" : "") + offsetMillis + " ms)";
        }
    }

    /** The node writes a backup of itself to a snapshot file. */
    record Backup(String node) implements Step {
        @Override
        public String toString() {
            return "backup(" + node + ")";
        }
    }

    /** The node's data is wiped and its last backup restored, if it has one. */
    record Restore(String node) implements Step {
        @Override
        public String toString() {
            return "restore(" + node + ")";
        }
    }

    /** A second node starts on a copy of a live till's data, with the same node id. */
    record Copy(String till) implements Step {
        @Override
        public String toString() {
            return "copy(" + till + ")";
        }
    }

    /** The network's fault probabilities change, in percent. */
    record Network(int lossPercent, int duplicationPercent, int reorderingPercent) implements Step {
        @Override
        public String toString() {
            return "network(loss " + lossPercent + "%, duplication " + duplicationPercent + "%, reordering "
                    + reorderingPercent + "%)";
        }
    }
}
