package dev.ingot.core.store;

import dev.ingot.core.util.RandomHex;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One process's scratch folder, staging/PID-START-RANDOM under INGOT_HOME:
 * every store write (blob, tag, cache entry, index entry) is made here
 * first and then renamed into place, so a reader never sees half a file.
 * The folder is named after its owner, so the next start can tell the
 * leftovers of a killed process (owner gone) from a concurrent build
 * (owner alive) and remove only the former.
 */
public final class Staging implements AutoCloseable {
    private final Path dir;
    private boolean created;

    private Staging(Path dir) {
        this.dir = dir;
    }

    public static Staging open(Path stagingRoot) {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new Staging(stagingRoot.resolve(self.pid() + "-" + start + "-" + RandomHex.of(4)));
    }

    /** A fresh path inside this folder (created on first use). */
    public Path newFile(String hint) throws IOException {
        if (!created) {
            Files.createDirectories(dir);
            created = true;
        }
        return Files.createTempFile(dir, hint, ".tmp");
    }

    /** Moves a staged file to its final place atomically, replacing what is there. */
    public static void publish(Path staged, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes bytes to target through this folder: readers see the old file or the new one, never half. */
    public void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = newFile("w");
        Files.write(tmp, bytes);
        publish(tmp, target);
    }

    @Override
    public void close() {
        if (created) deleteQuietly(dir);
    }

    /** True if some staging folder's owner is gone (cheap: one directory listing). */
    public static boolean hasDead(Path stagingRoot) {
        if (!Files.isDirectory(stagingRoot)) return false;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(stagingRoot)) {
            for (Path d : dirs) if (!ownerAlive(d.getFileName().toString())) return true;
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Removes the staging folders whose owning process is gone.
     *
     * @return how many were removed
     */
    public static int removeDead(Path stagingRoot) {
        if (!Files.isDirectory(stagingRoot)) return 0;
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(stagingRoot)) {
            for (Path d : dirs) {
                if (ownerAlive(d.getFileName().toString())) continue;
                deleteQuietly(d);
                removed++;
            }
        } catch (IOException e) {
            return removed; // nothing to clean, or not readable: a later start tries again
        }
        return removed;
    }

    /** True if the folder's name names a live process with the same start time (pid reuse is not ownership). */
    static boolean ownerAlive(String name) {
        String[] parts = name.split("-");
        if (parts.length < 3) return false;
        try {
            long pid = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) return false;
            long actual = p.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            return actual == start;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: what is left is retried at the next start
        }
    }
}
