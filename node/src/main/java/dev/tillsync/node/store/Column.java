package dev.tillsync.node.store;

import java.nio.charset.StandardCharsets;

/** The column families of a node's database, one per purpose. */
public enum Column {
    /** Events by dot: replica key + counter to the encoded EventProto. */
    EVENTS("events"),
    /** Version vector, purge floors, stock entries, price and item registers. */
    STATE("state"),
    /** Events by business date, and outside references (imported invoice numbers) per store. */
    INDEX("index"),
    /** Identity of the node, clock, bootstrap progress. */
    META("meta"),
    /** What the parent and its ancestors acknowledged, and what is known of each child. */
    PEERS("peers");

    private final String familyName;

    Column(String familyName) {
        this.familyName = familyName;
    }

    public String familyName() {
        return familyName;
    }

    byte[] familyNameBytes() {
        return familyName.getBytes(StandardCharsets.UTF_8);
    }
}
