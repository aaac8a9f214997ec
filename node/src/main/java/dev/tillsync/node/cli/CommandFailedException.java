package dev.tillsync.node.cli;

import picocli.CommandLine;

/** Thrown by a sub-command for an expected failure. Its message is printed as the one error line. */
final class CommandFailedException extends RuntimeException {

    private final int exitCode;

    CommandFailedException(String message) {
        this(message, CommandLine.ExitCode.SOFTWARE);
    }

    private CommandFailedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Returns a failure for an option value out of its range: an invalid command line, exit code 2. */
    static CommandFailedException invalidOption(String message) {
        return new CommandFailedException(message, CommandLine.ExitCode.USAGE);
    }

    int exitCode() {
        return exitCode;
    }
}
