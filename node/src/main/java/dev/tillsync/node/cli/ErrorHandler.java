package dev.tillsync.node.cli;

import dev.tillsync.node.replay.InvalidLogException;
import dev.tillsync.node.store.StoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Prints an expected failure as one line on stderr, {@code tillsync <command>: <message>}, and
 * returns exit code 1, or 2 for an option value out of its range. Anything else is a bug: it is
 * printed with its stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        String message = expectedMessage(e);
        if (message == null) {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": internal error, please report it:");
            e.printStackTrace(command.getErr());
        } else {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + oneLine(message));
        }
        command.getErr().flush();
        return e instanceof CommandFailedException failed ? failed.exitCode() : CommandLine.ExitCode.SOFTWARE;
    }

    private static String expectedMessage(Exception e) {
        if (e instanceof StoreException || e instanceof InvalidLogException || e instanceof CommandFailedException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException missing) {
            return "file not found: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (e instanceof IOException) {
            return "input/output error: " + e.getMessage();
        }
        return null;
    }

    private static String oneLine(String message) {
        return message.replace('\n', ' ').replace('\r', ' ');
    }
}
