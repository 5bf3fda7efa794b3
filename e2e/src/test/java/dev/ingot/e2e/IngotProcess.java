package dev.ingot.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real `bin/ingot` as a user would, with its own INGOT_HOME (so
 * tests never see the user's images or instances) and the shared build
 * cache (so the Linux kernel is built once for the whole suite).
 */
final class IngotProcess {
    static final Path REPO = Path.of(System.getProperty("ingot.dist", "..")).toAbsolutePath().normalize();
    static final Path SHARED_CACHE = Path.of(System.getProperty("user.home"), ".ingot", "cache");

    record Result(int exit, String out, String err) {
        /** stderr without the progress lines every run prints ("ingot: using TCG ..."). */
        String errorLines() {
            return err.lines().filter(l -> !l.startsWith("ingot: using ") && !l.startsWith("ingot: building ")
                    && !l.startsWith("ingot:   ") && !l.startsWith("ingot: booting ")).reduce("", (a, b) -> a + b + "\n");
        }
    }

    private final Path home;

    IngotProcess(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(Duration.ofMinutes(3), Map.of(), args);
    }

    Result run(Duration timeout, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(REPO.resolve("bin/ingot").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile());
        pb.environment().put("INGOT_HOME", home.toString());
        pb.environment().put("INGOT_CACHE", SHARED_CACHE.toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("ingot " + String.join(" ", args) + " did not finish in " + timeout
                    + "; stdout: " + Files.readString(out) + " stderr: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
