package dev.tillsync.node.store;

import dev.tillsync.node.crdt.LwwRegister;
import dev.tillsync.node.event.Scope;
import java.util.Objects;

/** A last-writer-wins register of one SKU in one scope: a price or an item definition. */
public record ScopedRegister<V extends Comparable<? super V>>(Scope scope, String sku, LwwRegister<V> register) {

    public ScopedRegister {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(register, "register");
    }
}
