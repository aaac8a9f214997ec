package dev.tillsync.loadtest.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of each thread of a process, from {@code /proc/<pid>/task} (Linux only), so that the
 * threads RocksDB and the JVM run outside Java code (compaction, JIT compilers, GC) count too.
 * Threads are grouped by name with digits dropped.
 */
final class ThreadCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private ThreadCpu() {
    }

    /** Returns the CPU seconds of each group of threads, largest first, as {@code name=seconds}. */
    static String top(long pid, int groups) {
        Map<String, Double> seconds = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = read(task.resolve("stat"));
                if (stat.isEmpty()) {
                    continue;
                }
                String name = read(task.resolve("comm")).trim().replaceAll("[0-9]+", "N");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                seconds.merge(name, cpu, Double::sum);
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return seconds.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(groups)
                .map(entry -> String.format(Locale.ROOT, "%s=%.1f", entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
