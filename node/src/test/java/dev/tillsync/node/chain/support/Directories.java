package dev.tillsync.node.chain.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Copies and deletes data directories, as an operator does with backups and lost disks. */
public final class Directories {

    private Directories() {
    }

    /** Copies {@code source} and everything in it to {@code target}, which must not exist. */
    public static void copy(Path source, Path target) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(source)) {
            paths = walk.toList();
        }
        for (Path path : paths) {
            Files.copy(path, target.resolve(source.relativize(path).toString()));
        }
    }

    /** Deletes {@code root} and everything in it. */
    public static void delete(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}
