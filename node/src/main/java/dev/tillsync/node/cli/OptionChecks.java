package dev.tillsync.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of option values made before a command starts its work. A failure is a
 * {@link CommandFailedException} whose message names the option, the value and what is expected. A
 * value out of range exits with 2, as an invalid command line; a path that cannot be written exits
 * with 1.
 */
final class OptionChecks {

    private OptionChecks() {
    }

    static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw CommandFailedException.invalidOption(option + ": " + value + " (expected: " + min + " or more)");
        }
    }

    static void requireBetween(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw CommandFailedException.invalidOption(option + ": " + value + " (expected: " + min + " to " + max
                    + ")");
        }
    }

    /** Checks that the directory {@code file} is to be written in exists and is writable. */
    static void requireWritableDirectoryOf(String option, Path file) {
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new CommandFailedException(option + ": " + file + ": directory " + directory
                    + " not found (create it or choose another path)");
        }
        if (!Files.isWritable(directory)) {
            throw new CommandFailedException(option + ": " + file + ": directory " + directory
                    + " is not writable (choose another path)");
        }
    }
}
