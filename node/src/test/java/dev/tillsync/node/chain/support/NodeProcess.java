package dev.tillsync.node.chain.support;

import static org.awaitility.Awaitility.await;

import dev.tillsync.node.app.HostPort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A node running as its own JVM ({@link ChainNodeMain}), started with the test JVM's class path. Its
 * stdout lines are collected as they come; its log goes to a file. Only the process started here is
 * ever signalled, through its handle.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final String nodeId;
    private final Process process;
    private final Writer commands;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private NodeProcess(String nodeId, Process process) {
        this.nodeId = nodeId;
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(this::readLines, "stdout of " + nodeId);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a node process.
     *
     * @param parent              the parent's address, or null for the root
     * @param saleIntervalMillis  pause between sales, or 0 for a node that does not sell
     * @param log                 file that receives the process's stderr (its log)
     */
    public static NodeProcess start(String nodeId, Path data, HostPort listen, HostPort parent,
                                    long saleIntervalMillis, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dtillsync.log.level=INFO",
                "-cp", System.getProperty("java.class.path"), ChainNodeMain.class.getName(),
                nodeId, data.toString(), listen.toString(), parent == null ? "none" : parent.toString(),
                Long.toString(saleIntervalMillis)));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new NodeProcess(nodeId, process);
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("READ FAILED " + e);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the node serves and returns the address it listens on. */
    public HostPort listenAddress() {
        await("LISTENING line of " + nodeId).atMost(STARTUP).until(() -> firstWithPrefix("LISTENING ") != null
                || !process.isAlive());
        String line = firstWithPrefix("LISTENING ");
        if (line == null) {
            throw new IllegalStateException(nodeId + " ended before it listened, exit status " + process.exitValue());
        }
        return HostPort.parse(line.substring("LISTENING ".length()));
    }

    /** Returns the receipt numbers the node printed so far, each after its sale was durable. */
    public List<String> receipts() {
        return lines.stream().filter(line -> line.startsWith("RECEIPT ")).map(line -> line.substring(8)).toList();
    }

    /** Stops the sales and waits until the last sale in progress is printed. */
    public void stopSelling() throws IOException {
        command("STOP-SELLING");
        await("sales of " + nodeId + " to stop").atMost(Duration.ofSeconds(30))
                .until(() -> lines.contains("SELLING STOPPED"));
    }

    /** Stops the node cleanly and returns its exit status. */
    public int stop() throws IOException, InterruptedException {
        command("EXIT");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(nodeId + " did not stop within 30 s of EXIT");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** Kills the node with SIGKILL, as a power cut would, and returns its exit status. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(nodeId + " (pid " + process.pid() + ") outlived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    private void command(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
    }

    private String firstWithPrefix(String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).findFirst().orElse(null);
    }

    /** Kills the process if it still runs: for cleanup after a failure. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
