package dev.ingot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The content-addressed image store through the real CLI: concurrency, tags, rmi, prune, the build cache, leftovers. */
class StoreTest {
    @TempDir Path home;
    @TempDir Path work;
    private final ObjectMapper json = new ObjectMapper();

    /** Prints its first argument and exits with it as the status. */
    private Path exitn() throws Exception {
        return Subjects.compile(work, "exitn", """
                #include <stdio.h>
                #include <stdlib.h>
                int main(int argc, char **argv) { printf("arg=%s\\n", argv[1]); return atoi(argv[1]); }
                """, "musl-gcc", "-static");
    }

    /** Sleeps long enough to be a running instance. */
    private Path sleeper() throws Exception {
        return Subjects.compile(work, "sleeper", """
                #include <stdio.h>
                #include <unistd.h>
                int main(int argc, char **argv) { printf("up %s\\n", argc > 1 ? argv[1] : ""); fflush(stdout); sleep(600); return 0; }
                """, "musl-gcc", "-static");
    }

    @Test
    void concurrentRuns_ofOneProgram_eachSeeTheirOwnArgs_andShareTheKernel() throws Exception {
        Path prog = exitn();
        IngotProcess ingot = new IngotProcess(home);
        int n = 20;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<IngotProcess.Result>> runs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String arg = String.valueOf(i);
            runs.add(pool.submit(() -> ingot.run(Duration.ofMinutes(15), Map.of(), "run", "--rm", "--kernel", "native",
                    prog.toString(), arg)));
        }
        for (int i = 1; i <= n; i++) {
            IngotProcess.Result r = runs.get(i - 1).get();
            // The program's own output: 20 guests at once on a loaded host may add a kernel
            // diagnostic line (they all start with "ingot: "), which is not what this test is about.
            String program = r.out().lines().filter(l -> !l.startsWith("ingot: ")).map(l -> l + "\n")
                    .collect(java.util.stream.Collectors.joining());
            assertThat(program).as("run " + i + ": " + r.out() + r.err()).isEqualTo("arg=" + i + "\n");
            assertThat(r.exit()).as("run " + i).isEqualTo(i);
        }
        pool.shutdown();
        assertThat(ingot.run("ps", "--json").out().trim()).isEqualTo("[ ]");
        JsonNode images = json.readTree(ingot.run("images", "-a", "--json").out());
        assertThat(images).hasSize(n);
        // One kernel blob for all: each image adds only its rootfs and manifest.
        assertThat(blobs()).hasSize(2 * n + 1);
        assertThat(staging()).isEmpty();
    }

    @Test
    void rebuildOfUnchangedInputs_isACacheHit_withNoNewFiles() throws Exception {
        Path cfg = Files.writeString(work.resolve("ingot.yaml"), """
                name: cached
                program: %s
                args: [one]
                kernel: native
                """.formatted(IngotProcess.REPO.resolve("examples/hello/hello")));
        IngotProcess ingot = new IngotProcess(home);
        IngotProcess.Result first = ingot.run("build", "-c", cfg.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        Set<String> filesBefore = files();
        String digest = json.readTree(ingot.run("inspect", "cached").out()).get("id").asText();

        IngotProcess.Result second = ingot.run("build", "-c", cfg.toString());
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("unchanged (build cache)").contains(digest);
        assertThat(second.err()).doesNotContain("building image");
        assertThat(files()).as("no new file anywhere under INGOT_HOME").isEqualTo(filesBefore);

        // A changed input is a new image; the old one stays as it was.
        Files.writeString(cfg, Files.readString(cfg).replace("[one]", "[two]"));
        assertThat(ingot.run("build", "-c", cfg.toString()).exit()).isZero();
        assertThat(json.readTree(ingot.run("inspect", "cached").out()).get("id").asText()).isNotEqualTo(digest);
        assertThat(json.readTree(ingot.run("inspect", digest).out()).get("run").get("argv").get(1).asText()).isEqualTo("one");
    }

    @Test
    void retagAndRmi_whileAnInstanceRuns_neverTouchIt() throws Exception {
        Path prog = sleeper();
        IngotProcess ingot = new IngotProcess(home);
        assertThat(ingot.run("build", "--kernel", "native", "--name", "app", prog.toString(), "v1").exit()).isZero();
        String v1 = json.readTree(ingot.run("inspect", "app").out()).get("id").asText();
        IngotProcess.Result start = ingot.run("run", "-d", "--name", "i1", "app");
        assertThat(start.exit()).as(start.err()).isZero();

        // Re-tag app to another image while i1 runs.
        assertThat(ingot.run("build", "--kernel", "native", "--name", "app", prog.toString(), "v2").exit()).isZero();
        String v2 = json.readTree(ingot.run("inspect", "app").out()).get("id").asText();
        assertThat(v2).isNotEqualTo(v1);
        JsonNode i1 = json.readTree(ingot.run("ps", "--json").out()).get(0);
        assertThat(i1.get("status").asText()).isEqualTo("running");
        assertThat(i1.get("imageDigest").asText()).isEqualTo(v1);

        // rmi of the image i1 boots (by digest now: no tag names it) is refused, then forced.
        IngotProcess.Result refused = ingot.run("rmi", v1);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("is used by running instance i1").contains("rmi -f");
        assertThat(ingot.run("run", "-d", "--name", "i2", "app").exit()).isZero();
        IngotProcess.Result refusedTag = ingot.run("rmi", "app");
        assertThat(refusedTag.exit()).isNotZero();
        assertThat(refusedTag.err()).contains("is used by running instance i2");
        IngotProcess.Result forced = ingot.run("rmi", "-f", "app");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(json.readTree(ingot.run("images", "--json").out())).isEmpty();

        // The instances still run, and prune keeps what they boot.
        assertThat(ingot.run("prune").exit()).isZero();
        assertThat(ingot.run("logs", "i1").out()).contains("up v1");
        assertThat(ingot.run("logs", "i2").out()).contains("up v2");
        assertThat(json.readTree(ingot.run("ps", "--json").out())).allMatch(i -> i.get("status").asText().equals("running"));
        assertThat(blobs()).contains(v1.substring(7), v2.substring(7));

        assertThat(ingot.run("rm", "-f", "i1", "i2").exit()).isZero();
        assertThat(ingot.run("prune", "-a").exit()).isZero();
        assertThat(blobs()).isEmpty();
    }

    @Test
    void interruptedBuild_leavesNothingAfterTheNextStart() throws Exception {
        // A large (sparse) file makes the build take long enough to be killed in the middle.
        try (RandomAccessFile big = new RandomAccessFile(work.resolve("big.bin").toFile(), "rw")) {
            big.setLength(256L << 20);
        }
        Path cfg = Files.writeString(work.resolve("ingot.yaml"), """
                name: big
                program: %s
                kernel: native
                files: {./big.bin: /big.bin}
                """.formatted(IngotProcess.REPO.resolve("examples/hello/hello")));
        ProcessBuilder pb = new ProcessBuilder(IngotProcess.REPO.resolve("bin/ingot").toString(), "build", "-c", cfg.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("build.log").toFile());
        pb.environment().put("INGOT_HOME", home.toString());
        pb.environment().put("INGOT_CACHE", IngotProcess.SHARED_CACHE.toString());
        Process build = pb.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (stagedBytes() < (8L << 20) && build.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(build.isAlive()).as("the build is still writing when killed: " + Files.readString(work.resolve("build.log"))).isTrue();
        build.destroyForcibly(); // bin/ingot execs java: this is kill -9 of the CLI
        build.waitFor();
        assertThat(staging()).as("the killed build left its staging folder").isNotEmpty();

        IngotProcess ingot = new IngotProcess(home);
        IngotProcess.Result next = ingot.run("run", "--rm", "--kernel", "native", "examples/hello/hello");
        assertThat(next.exit()).as(next.err()).isZero();
        assertThat(staging()).isEmpty();
        assertThat(blobs()).as("only the hello image: kernel, rootfs, manifest").hasSize(3);
    }

    @Test
    void stop_ofAFrozenQemu_returns() throws Exception {
        Path prog = sleeper();
        IngotProcess ingot = new IngotProcess(home);
        IngotProcess.Result start = ingot.run("run", "-d", "--name", "frozen", "--kernel", "native", prog.toString());
        assertThat(start.exit()).as(start.err()).isZero();
        long pid = json.readTree(ingot.run("ps", "--json").out()).get(0).get("pid").asLong();
        assertThat(new ProcessBuilder("kill", "-STOP", String.valueOf(pid)).start().waitFor()).isZero();

        IngotProcess.Result stop = ingot.run(Duration.ofMinutes(1), Map.of(), "stop", "-t", "1", "frozen");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(json.readTree(ingot.run("ps", "--json").out()).get(0).get("status").asText()).isEqualTo("stopped");
    }

    @Test
    void ctrlC_ofAForegroundRmRun_removesTheInstance() throws Exception {
        Path prog = sleeper();
        // env --default-signal: a terminal's Ctrl-C reaches the CLI even when this test runs with SIGINT ignored (a background job).
        ProcessBuilder pb = new ProcessBuilder("env", "--default-signal=INT", IngotProcess.REPO.resolve("bin/ingot").toString(),
                "run", "--rm", "--kernel", "native", prog.toString()).redirectErrorStream(true).redirectOutput(work.resolve("run.log").toFile());
        pb.environment().put("INGOT_HOME", home.toString());
        pb.environment().put("INGOT_CACHE", IngotProcess.SHARED_CACHE.toString());
        Process run = pb.start();
        IngotProcess ingot = new IngotProcess(home);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!Files.readString(work.resolve("run.log")).contains("up ") && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        JsonNode ps = json.readTree(ingot.run("ps", "--json").out());
        assertThat(ps).hasSize(1);
        long qemu = ps.get(0).get("pid").asLong();
        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(run.pid())).start().waitFor()).isZero();
        assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(130);
        assertThat(ingot.run("ps", "--json").out().trim()).isEqualTo("[ ]");
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void runFlags_areCheckedBeforeTheImageIsBuilt() throws Exception {
        IngotProcess ingot = new IngotProcess(home);
        String hello = "examples/hello/hello";
        IngotProcess.Result rmDetached = ingot.run("run", "--rm", "-d", "--kernel", "native", hello);
        assertThat(rmDetached.exit()).isEqualTo(2);
        assertThat(rmDetached.err()).contains("--rm goes with a foreground run");
        if (!Files.exists(Path.of("/dev/kvm")) || !Files.isWritable(Path.of("/dev/kvm"))) {
            IngotProcess.Result kvm = ingot.run("run", "--accel", "kvm", "--kernel", "native", hello);
            assertThat(kvm.exit()).isNotZero();
            assertThat(kvm.err()).contains("KVM is not usable here");
        }
        assertThat(blobs()).as("nothing was built").isEmpty();

        Path prog = sleeper();
        assertThat(ingot.run("run", "-d", "--name", "taken", "--kernel", "native", prog.toString()).exit()).isZero();
        Set<String> before = blobs();
        IngotProcess.Result taken = ingot.run("run", "--name", "taken", "--kernel", "native", hello);
        assertThat(taken.exit()).isNotZero();
        assertThat(taken.err()).contains("instance name taken is taken").doesNotContain("building image");
        assertThat(blobs()).isEqualTo(before);
        assertThat(ingot.run("rm", "-f", "taken").exit()).isZero();
    }

    @Test
    void concurrentRuns_withOneName_onlyOneWins() throws Exception {
        Path prog = sleeper();
        IngotProcess ingot = new IngotProcess(home);
        assertThat(ingot.run("build", "--kernel", "native", "--name", "sleepy", prog.toString()).exit()).isZero();
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<IngotProcess.Result>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(pool.submit(() -> ingot.run(Duration.ofMinutes(5), Map.of(), "run", "-d", "--name", "only", "sleepy")));
        }
        int won = 0;
        for (Future<IngotProcess.Result> f : runs) {
            IngotProcess.Result r = f.get();
            if (r.exit() == 0) won++;
            else assertThat(r.err()).contains("instance name only is taken");
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(json.readTree(ingot.run("ps", "--json").out())).hasSize(1);
        assertThat(ingot.run("rm", "-f", "only").exit()).isZero();
    }

    private Set<String> blobs() throws IOException {
        return names(home.resolve("blobs/sha256"));
    }

    private Set<String> staging() throws IOException {
        return names(home.resolve("staging"));
    }

    private static Set<String> names(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    private long stagedBytes() throws IOException {
        Path dir = home.resolve("staging");
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // a file vanished while walking: look again
        }
    }

    private Set<String> files() throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(home)) {
            s.filter(Files::isRegularFile).map(p -> home.relativize(p).toString())
                    .filter(p -> !p.startsWith("out") && !p.startsWith("err")).forEach(out::add);
        }
        return out;
    }
}
