package dev.ingot.core.java;

import dev.ingot.core.IngotException;
import dev.ingot.core.util.ExternalCommand;
import dev.ingot.core.util.Progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Stream;

/**
 * Minimal Java runtimes made by jlink, one per JDK release and module set,
 * kept under cache/java/. The second build of any application with the same
 * modules finds its runtime here and costs nothing. Builds go to a staging
 * folder and are renamed into place, so two builds at once are safe: the
 * loser of the rename drops its copy and uses the winner's.
 */
public final class RuntimeCache {
    /**
     * jlink's options. Part of the cache key: changing them changes every key.
     * --generate-cds-archive writes the default CDS archive (lib/server/classes.jsa)
     * that makes the JVM start from mapped, pre-parsed classes.
     */
    static final List<String> JLINK_OPTIONS = List.of("--strip-debug", "--no-header-files", "--no-man-pages",
            "--generate-cds-archive");
    /** Bumped when what this class does to a runtime after jlink changes. */
    private static final String LAYOUT_VERSION = "1";

    private final Path root;
    private final Progress progress;

    public RuntimeCache(Path cacheDir, Progress progress) {
        this.root = cacheDir.resolve("java");
        this.progress = progress;
    }

    /** The runtime folder for this JDK and module set, built by jlink the first time. */
    public Path runtime(Jdk jdk, SortedSet<String> modules) throws IngotException {
        Path dir = root.resolve(key(jdk, modules));
        if (Files.isRegularFile(dir.resolve("release"))) return dir;
        progress.step("linking a Java " + jdk.feature() + " runtime (" + String.join(",", modules) + "); cached after this");
        Path staging = root.resolve(".staging-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectories(root);
            List<String> cmd = new ArrayList<>(List.of(jdk.tool("jlink").toString(),
                    "--add-modules", String.join(",", modules), "--output", staging.toString()));
            cmd.addAll(JLINK_OPTIONS);
            // jlink's CDS step prints warnings about classes it could not pre-resolve; they are noise here.
            ExternalCommand.run(cmd, root, Map.of(), line -> { }, "jlink (building the Java runtime)");
            trim(staging);
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                deleteTree(staging); // another build finished first: use its runtime
            } catch (AtomicMoveNotSupportedException e) {
                throw new IngotException("cannot rename " + staging + " into " + root + ": " + e.getMessage());
            }
            progress.done();
            return dir;
        } catch (IOException e) {
            deleteQuietly(staging);
            throw new IngotException("cannot build the Java runtime under " + root + ": " + e.getMessage());
        } catch (IngotException | RuntimeException e) {
            deleteQuietly(staging);
            throw e;
        }
    }

    /**
     * The cache key: the JDK (its version and where it is, since two builds of
     * one version can differ) and the sorted module set.
     */
    static String key(Jdk jdk, SortedSet<String> modules) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String material = LAYOUT_VERSION + "\n" + jdk.version() + "\n" + jdk.home() + "\n"
                    + String.join(" ", JLINK_OPTIONS) + "\n" + String.join(",", modules);
            byte[] digest = md.digest(material.getBytes(StandardCharsets.UTF_8));
            return jdk.feature() + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Drops what a one-program VM never uses: the CDS archive for heaps over
     * 32 GiB (compressed oops off; 13 MB), and the helper that spawns child
     * processes, which a unikernel cannot do.
     */
    private static void trim(Path runtime) throws IOException {
        Files.deleteIfExists(runtime.resolve("lib/server/classes_nocoops.jsa"));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException ignored) {
            // a leftover staging folder is removed by the next prune
        }
    }
}
