/**
 * Till operations: the one API that the Swing till, the command line and the sync layer use to
 * record sales, returns, stock and prices, and to query stock, prices, sales and totals. Every
 * request is validated before anything is written; an invalid one raises
 * {@link dev.tillsync.node.pos.InvalidRequestException} naming the value and the rule.
 */
package dev.tillsync.node.pos;
