/**
 * The {@code tillsync} command line: one picocli root command with a sub-command per task. Output
 * goes to the command line's writers, so tests run the real commands in-process and read it.
 */
package dev.tillsync.node.cli;
