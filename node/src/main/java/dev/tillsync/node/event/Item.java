package dev.tillsync.node.event;

import java.util.Comparator;
import java.util.Objects;

/** What a till shows of a SKU. Ordered by description, then barcode. */
public record Item(String description, String barcode) implements Comparable<Item> {

    private static final Comparator<Item> ORDER = Comparator.comparing(Item::description)
            .thenComparing(Item::barcode);

    public Item {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(barcode, "barcode");
    }

    @Override
    public int compareTo(Item other) {
        return ORDER.compare(this, other);
    }
}
