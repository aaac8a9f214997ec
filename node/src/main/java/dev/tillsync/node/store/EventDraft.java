package dev.tillsync.node.store;

import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Scope;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An event this node is about to create: everything but the dot and timestamp, which the writer
 * assigns when it records the event.
 *
 * @param reference an outside reference that must not be recorded twice in its store, or null
 */
public record EventDraft(Scope scope, LocalDate businessDate, EventBody body, Reference reference) {

    public EventDraft {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(businessDate, "businessDate");
        Objects.requireNonNull(body, "body");
    }

    /**
     * An outside reference, such as an imported invoice number, unique per store and kind.
     *
     * @param kind a short tag that keeps kinds apart, such as {@code sale} or {@code adjustment}
     */
    public record Reference(String storeId, String kind, String value) {

        public Reference {
            Objects.requireNonNull(storeId, "storeId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
        }
    }
}
