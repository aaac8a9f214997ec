package dev.tillsync.loadtest.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link NodeProcess} started by a benchmark: its reports by keyword, the commands sent to it, and
 * its end. Standard error goes to a log file.
 */
final class ChildProcess implements AutoCloseable {

    /**
     * System property with more JVM options for every child, split at spaces. In them {@code {node}}
     * becomes the node id with {@code /} replaced by {@code _}, for a flight recording per node.
     */
    static final String JVM_ARGUMENTS = "chain.jvmArgs";

    private final String name;
    private final Process process;
    private final PrintWriter commands;
    private final Map<String, String> reports = new HashMap<>();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readReports, "reports-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a node in a new JVM with this JVM's class path and a maximum heap of {@code maxHeap}. */
    static ChildProcess start(String name, String maxHeap, Path log, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap));
        String extra = System.getProperty(JVM_ARGUMENTS, "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.replace("{node}", name.replace('/', '_')).split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeProcess.class.getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new ChildProcess(name, process);
    }

    private void readReports() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("@@ ")) {
                    String report = line.substring(3);
                    int space = report.indexOf(' ');
                    put(space < 0 ? report : report.substring(0, space), space < 0 ? "" : report.substring(space + 1));
                }
            }
        } catch (IOException e) {
            put("EXIT", e.getMessage());
            return;
        }
        put("EXIT", "");
    }

    private synchronized void put(String keyword, String rest) {
        reports.put(keyword, rest);
        notifyAll();
    }

    /**
     * Waits for the report {@code keyword} and returns what follows the keyword.
     *
     * @throws TimeoutException if it does not come in time or the process ends first
     */
    synchronized String await(String keyword, long timeoutMillis) throws InterruptedException, TimeoutException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!reports.containsKey(keyword)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || reports.containsKey("EXIT")) {
                throw new TimeoutException(name + ": timed out after " + timeoutMillis + " ms waiting for the "
                        + keyword + " report (process alive: " + process.isAlive() + "); see its log");
            }
            wait(left);
        }
        return reports.get(keyword);
    }

    /** Forgets the last report of each keyword given, so that {@link #await} waits for a new one. */
    synchronized void forget(String... keywords) {
        for (String keyword : keywords) {
            reports.remove(keyword);
        }
    }

    /** Sends a command line; see {@link NodeProcess} for the commands. */
    void send(String command) {
        commands.println(command);
    }

    /** Sends {@code stats} and returns the figures of the reply by name. */
    Map<String, Long> stats() throws InterruptedException, TimeoutException {
        forget("STATS");
        send("stats");
        Map<String, Long> figures = new HashMap<>();
        for (String pair : await("STATS", 10_000).split(" ")) {
            int equals = pair.indexOf('=');
            figures.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
        }
        return figures;
    }

    long pid() {
        return process.pid();
    }

    /** Asks the node to quit and waits up to 30 s, then ends the process. */
    @Override
    public void close() throws InterruptedException {
        send("quit");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
