package dev.tillsync.node.store;

import dev.tillsync.node.crdt.Dot;

/** Thrown when an event with the same outside reference was already recorded; nothing is written. */
public final class DuplicateReferenceException extends RuntimeException {

    private final EventDraft.Reference reference;
    private final Dot existing;

    public DuplicateReferenceException(EventDraft.Reference reference, Dot existing) {
        super(reference.kind() + " " + reference.value() + " of store " + reference.storeId()
                + " is already recorded as event " + existing);
        this.reference = reference;
        this.existing = existing;
    }

    public EventDraft.Reference reference() {
        return reference;
    }

    /** Returns the dot of the event that recorded the reference first. */
    public Dot existing() {
        return existing;
    }
}
