package dev.tillsync.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code tillsync} root command: a plain list of sub-commands. */
@Command(name = "tillsync",
        mixinStandardHelpOptions = true,
        versionProvider = TillsyncCommand.JarVersion.class,
        description = "Offline-first point-of-sale replication node.",
        subcommands = {NodeCommand.class, DemoCommand.class, ReplayCommand.class, ReportCommand.class,
            StatusCommand.class, SnapshotCommand.class, PurgeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failed: one line on stderr gives the reason",
            "2:invalid command line"})
public final class TillsyncCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** Returns the command line with its error handling, ready to {@link CommandLine#execute}. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new TillsyncCommand()).setExecutionExceptionHandler(new ErrorHandler());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command");
    }

    /** Reads the version from the Maven descriptor that the jar carries. */
    static final class JarVersion implements CommandLine.IVersionProvider {

        private static final String POM_PROPERTIES = "/META-INF/maven/dev.tillsync/tillsync-node/pom.properties";

        @Override
        public String[] getVersion() throws IOException {
            try (InputStream in = TillsyncCommand.class.getResourceAsStream(POM_PROPERTIES)) {
                if (in == null) {
                    return new String[] {"tillsync (version unknown: not run from its jar)"};
                }
                Properties properties = new Properties();
                properties.load(in);
                return new String[] {"tillsync " + properties.getProperty("version", "(version unknown)")};
            }
        }
    }
}
