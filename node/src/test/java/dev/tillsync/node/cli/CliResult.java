package dev.tillsync.node.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Exit code and output of one {@code tillsync} command run in this JVM, as a user would type it. */
record CliResult(int exitCode, String out, String err) {

    static CliResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = TillsyncCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new CliResult(exitCode, out.toString(), err.toString());
    }
}
