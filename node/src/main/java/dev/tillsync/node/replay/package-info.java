/**
 * Replay of a real sales log, the UCI Online Retail data set in CSV: {@link dev.tillsync.node.replay.RetailLog}
 * reads the file into a plan of sales, returns and stock adjustments, each addressed to a store and a
 * till, and {@link dev.tillsync.node.replay.Replayer} records a plan through one
 * {@link dev.tillsync.node.pos.PointOfSale}. Replaying a file again records nothing twice.
 */
package dev.tillsync.node.replay;
