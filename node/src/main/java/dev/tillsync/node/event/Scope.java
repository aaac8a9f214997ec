package dev.tillsync.node.event;

import java.util.Objects;

/**
 * Where an event may travel: the whole chain, or one store (its server, its tills and every
 * ancestor up to the root). Written {@code chain} or {@code store:<store id>}.
 *
 * @param storeId the store, or null for the chain scope
 */
public record Scope(String storeId) implements Comparable<Scope> {

    private static final String STORE_PREFIX = "store:";
    private static final Scope CHAIN = new Scope(null);

    public static Scope chain() {
        return CHAIN;
    }

    public static Scope store(String storeId) {
        Objects.requireNonNull(storeId, "storeId");
        if (storeId.isBlank()) {
            throw new IllegalArgumentException("store id: \"" + storeId + "\" (expected: a non-blank store id)");
        }
        return new Scope(storeId);
    }

    /**
     * Parses {@code chain} or {@code store:<store id>}.
     *
     * @throws IllegalArgumentException if {@code text} is neither
     */
    public static Scope parse(String text) {
        if ("chain".equals(text)) {
            return CHAIN;
        }
        if (text != null && text.startsWith(STORE_PREFIX) && text.length() > STORE_PREFIX.length()) {
            return store(text.substring(STORE_PREFIX.length()));
        }
        throw new IllegalArgumentException("scope: \"" + text + "\" (expected: chain or store:<store id>)");
    }

    public boolean isChain() {
        return storeId == null;
    }

    @Override
    public int compareTo(Scope other) {
        if (isChain() || other.isChain()) {
            return Boolean.compare(!isChain(), !other.isChain());
        }
        return storeId.compareTo(other.storeId);
    }

    @Override
    public String toString() {
        return isChain() ? "chain" : STORE_PREFIX + storeId;
    }
}
