package dev.tillsync.node.chain.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.cli.TillsyncCommand;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code tillsync} sub-commands in this JVM, as a user would type them. */
public final class Commands {

    private Commands() {
    }

    /** Runs a command, fails the test unless it exits with 0, and returns what it printed on stdout. */
    public static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = TillsyncCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        assertThat(exitCode).as("exit code of tillsync %s, stderr: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }
}
