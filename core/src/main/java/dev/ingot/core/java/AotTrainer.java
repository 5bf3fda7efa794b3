package dev.ingot.core.java;

import dev.ingot.core.IngotException;
import dev.ingot.core.spec.FileMapping;
import dev.ingot.core.util.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A training run for JDK 25's AOT cache (JEP 483/514/515): the application
 * runs once on the host, on the very runtime the image carries, for a while
 * (or until it exits), and the JVM writes what it loaded, linked and profiled
 * into one file. The guest's JVM then starts from that file instead of
 * loading and linking those classes again.
 *
 * <p>The cache is only used when the guest's class path looks like the
 * training run's: the JVM accepts a class path moved to another folder when
 * the part after the common folder is the same, and checks each jar's size and
 * modification time. So the training run gets the application laid out
 * exactly as in the image ({@code TRAIN/app/...} for {@code /app/...}), with
 * modification time 0, which is what the image's cpio records.
 *
 * <p>Caches live in cache/java-aot/, keyed by the runtime, every JVM and
 * program argument, the contents of the application's files and the guest's
 * memory and CPUs, so a second build of the same application trains nothing.
 */
public final class AotTrainer {
    /** Where the cache goes in the image. */
    public static final String IMAGE_PATH = JavaImagePlanner.APP_DIR + "/ingot-app.aot";
    /** Time a JVM gets to exit after SIGTERM and write its recording, or to assemble the cache. */
    private static final Duration DUMP_TIME = Duration.ofMinutes(3);
    /** Bumped when the way a training run is made changes. */
    private static final String LAYOUT_VERSION = "1";

    private final Path root;
    private final Progress progress;

    public AotTrainer(Path cacheDir, Progress progress) {
        this.root = cacheDir.resolve("java-aot");
        this.progress = progress;
    }

    /**
     * @param runtime   the linked runtime (bin/java is run from it)
     * @param jvmArgs   the JVM options the guest gets (Ingot's defaults and the user's)
     * @param launch    -jar JAR or -cp PATH CLASS, in image paths, then the program's args
     * @param appFiles  the application's files, host path and image path (under /app)
     * @param trainTime how long the application runs before it is asked to stop
     * @return the cache file on the host
     */
    public Path train(Path runtime, List<String> jvmArgs, List<String> launch, List<FileMapping> appFiles,
                      long guestMemoryBytes, int cpus, Duration trainTime) throws IngotException {
        requireJars(appFiles);
        List<String> guestSized = List.of("-XX:MaxRAM=" + guestMemoryBytes, "-XX:ActiveProcessorCount=" + cpus);
        Path cache = root.resolve(key(runtime, guestSized, jvmArgs, launch, appFiles, trainTime) + ".aot");
        if (Files.isRegularFile(cache)) return cache;

        Path work = root.resolve(".train-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectories(work);
            layOut(appFiles, work);
            Path config = work.resolve("app.aotconf");
            Path output = work.resolve("app.aot");
            List<String> java = new ArrayList<>();
            java.add(runtime.resolve("bin/java").toString());
            // The guest's heap and CPU count, so the JVM's ergonomics choose as they will in the VM.
            java.addAll(guestSized);
            java.addAll(jvmArgs);
            progress.step("training the Java application on the host for up to " + trainTime.toSeconds()
                    + " s (AOT cache; cached after this)");
            // Two steps, as JEP 483 describes them: a recording run that may be stopped at any
            // time, then the cache assembled from its recording with nothing else running.
            List<String> record = new ArrayList<>(java);
            record.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + config));
            record.addAll(hostPaths(launch, work));
            Run recorded = run(record, work, trainTime);
            if (!Files.isRegularFile(config)) throw noCache("the training run", recorded);
            List<String> create = new ArrayList<>(java);
            create.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + config, "-XX:AOTCache=" + output));
            create.addAll(hostPaths(launch.subList(0, mainArgsEnd(launch)), work));
            Run created = run(create, work, null);
            if (!Files.isRegularFile(output) || Files.size(output) == 0) throw noCache("assembling the cache", created);
            Files.createDirectories(root);
            try {
                Files.move(output, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IngotException("cannot rename " + output + " into " + root + ": " + e.getMessage());
            }
            progress.done();
            return cache;
        } catch (IOException e) {
            throw new IngotException("cannot train the Java application under " + root + ": " + e.getMessage());
        } finally {
            try {
                RuntimeCache.deleteTree(work);
            } catch (IOException ignored) {
                // a leftover training folder is harmless; the next prune of the cache removes it
            }
        }
    }

    /** The JVM archives classes from jars only, and refuses a class path with a non-empty folder. */
    public static void requireJars(List<FileMapping> appFiles) throws IngotException {
        for (FileMapping f : appFiles) {
            if (Files.isDirectory(f.hostPath())) {
                throw new IngotException("--train needs the application's classes in jars: the AOT cache cannot hold classes"
                        + " from the folder " + f.hostPath() + "; package it as a jar (e.g. mvn package)", 2, null);
            }
        }
    }

    /** The application's files under work/ as under / in the image, dated 0 like the image's cpio. */
    private static void layOut(List<FileMapping> appFiles, Path work) throws IOException {
        for (FileMapping f : appFiles) {
            Path target = work.resolve(relative(f.imagePath()));
            Files.createDirectories(target.getParent());
            Files.copy(f.hostPath(), target, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(target, FileTime.fromMillis(0));
        }
    }

    /** Image paths in -jar / -cp arguments become the training folder's copies. */
    private static List<String> hostPaths(List<String> launch, Path work) {
        List<String> out = new ArrayList<>();
        String prefix = JavaImagePlanner.APP_DIR + "/";
        for (String arg : launch) {
            if (arg.startsWith(prefix)) {
                List<String> parts = new ArrayList<>();
                for (String p : arg.split(":")) parts.add(p.startsWith(prefix) ? work.resolve(relative(p)).toString() : p);
                out.add(String.join(":", parts));
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    private static String relative(String imagePath) {
        return imagePath.startsWith("/") ? imagePath.substring(1) : imagePath;
    }

    private record Run(Integer exit, boolean stopped, List<String> lastLines) {
        String describe() {
            if (exit == null) return "did not finish within " + DUMP_TIME.toMinutes() + " minutes";
            return (stopped ? "was stopped and exited with status " : "exited with status ") + exit;
        }
    }

    /** Where the JVM's own launch words end: after -jar JAR, or after -cp PATH CLASS. */
    private static int mainArgsEnd(List<String> launch) {
        return launch.getFirst().equals("-jar") ? 2 : 3;
    }

    private static IngotException noCache(String step, Run run) {
        return new IngotException(step + " made no AOT cache (the JVM " + run.describe() + ")"
                + (run.lastLines().isEmpty() ? "" : ": " + String.join(" | ", run.lastLines()))
                + "; run without --train, or fix what the application needs to start on this host", 1, null);
    }

    /**
     * Runs cmd. With a stopAfter, sends SIGTERM when it is still running then
     * (the JVM writes its recording as it exits); then waits for the exit.
     */
    private static Run run(List<String> cmd, Path dir, Duration stopAfter) throws IOException, IngotException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Deque<String> last = new ArrayDeque<>();
        Thread reader = Thread.ofVirtual().start(() -> keepLastLines(p.getInputStream(), last));
        try {
            boolean stopped = false;
            if (stopAfter != null && !p.waitFor(stopAfter.toMillis(), TimeUnit.MILLISECONDS)) {
                stopped = true;
                p.destroy();
            }
            if (!p.waitFor(DUMP_TIME.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new Run(null, true, lines(last));
            }
            reader.join(Duration.ofSeconds(5));
            return new Run(p.exitValue(), stopped, lines(last));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IngotException("interrupted while training the Java application");
        }
    }

    private static List<String> lines(Deque<String> last) {
        synchronized (last) {
            return List.copyOf(last);
        }
    }

    private static void keepLastLines(InputStream in, Deque<String> last) {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (last) {
                    if (last.size() == 3) last.removeFirst();
                    last.addLast(line);
                }
            }
        } catch (IOException ignored) {
            // the process went away; what was read is enough for a message
        }
    }

    static String key(Path runtime, List<String> guestSized, List<String> jvmArgs, List<String> launch,
                      List<FileMapping> appFiles, Duration trainTime) throws IngotException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            StringBuilder material = new StringBuilder(LAYOUT_VERSION).append('\n')
                    .append(runtime.toAbsolutePath().normalize()).append('\n')
                    .append(String.join("\0", guestSized)).append('\n')
                    .append(String.join("\0", jvmArgs)).append('\n')
                    .append(String.join("\0", launch)).append('\n')
                    .append(trainTime.toMillis()).append('\n');
            md.update(material.toString().getBytes(StandardCharsets.UTF_8));
            for (FileMapping f : appFiles) {
                md.update((f.imagePath() + "\0").getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(f.hostPath())) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        } catch (IOException e) {
            throw new IngotException("cannot read " + e.getMessage() + " to key its AOT cache");
        }
    }
}
