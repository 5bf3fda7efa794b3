package dev.ingot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ingot stop` sends SIGTERM to the program on both kernels (the COM3 signal
 * channel, docs/boot-protocol.md): a handler runs and chooses the status, a
 * program without one dies with 143, one that ignores it is ended by QMP
 * quit once `-t` is over. Nothing is left running.
 */
class GracefulStopTest {
    @TempDir Path home;
    @TempDir Path work;
    private final ObjectMapper json = new ObjectMapper();
    private IngotProcess ingot;
    private final List<String> started = new ArrayList<>();

    /** bench/programs/term/term.c, the one program the stop bench rows use too. */
    private Path term() throws Exception {
        String source = Files.readString(IngotProcess.REPO.resolve("bench/programs/term/term.c"));
        return Subjects.compile(work, "term", source, "musl-gcc", "-static", "-std=c11", "-O2");
    }

    /** Starts term detached and waits for its "ready" line; returns QEMU's pid. */
    private long start(String name, String kernel, String... args) throws Exception {
        ingot = ingot != null ? ingot : new IngotProcess(home);
        List<String> cmd = new ArrayList<>(List.of("run", "-d", "--name", name, "--kernel", kernel, term().toString()));
        cmd.addAll(List.of(args));
        IngotProcess.Result r = ingot.run(Duration.ofMinutes(10), Map.of(), cmd.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        started.add(name);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!ingot.run("logs", name).out().contains("term: ready") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ingot.run("logs", name).out()).as("booted").contains("term: ready (" + args[0] + ")");
        return instance(name).get("pid").asLong();
    }

    private JsonNode instance(String name) throws Exception {
        for (JsonNode row : json.readTree(ingot.run("ps", "--json").out())) {
            if (row.get("name").asText().equals(name)) return row;
        }
        throw new AssertionError("no instance " + name);
    }

    private void stop(String name, String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("stop"));
        cmd.addAll(List.of(flags));
        cmd.add(name);
        IngotProcess.Result r = ingot.run(Duration.ofMinutes(2), Map.of(), cmd.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo(name);
    }

    private static void assertGone(long pid) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("QEMU pid " + pid).isNotEqualTo(Optional.of(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "linux"})
    void stop_runsTheProgramsSigtermHandler_whichWritesItsLastLineAndChoosesTheStatus(String kernel) throws Exception {
        String name = "handler-" + kernel;
        long pid = start(name, kernel, "handle", "3");
        // -t 60: a handler that runs ends the VM long before; only a lost SIGTERM would wait this out.
        stop(name, "-t", "60");
        assertGone(pid);
        assertThat(ingot.run("logs", name).out()).endsWith("term: last line\n");
        JsonNode row = instance(name);
        assertThat(row.get("status").asText()).isEqualTo("stopped");
        assertThat(row.get("exitStatus").asInt()).isEqualTo(3);
        assertThat(ingot.run("ps").out()).contains("stopped (3)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "linux"})
    void stop_ofAProgramWithoutAHandler_endsItWith143(String kernel) throws Exception {
        String name = "plain-" + kernel;
        long pid = start(name, kernel, "default");
        stop(name, "-t", "60");
        assertGone(pid);
        assertThat(ingot.run("logs", name).out()).doesNotContain("last line");
        assertThat(instance(name).get("exitStatus").asInt()).isEqualTo(143);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "linux"})
    void stop_ofAProgramThatIgnoresSigterm_quitsTheVmWhenTheTimeoutIsOver(String kernel) throws Exception {
        String name = "stubborn-" + kernel;
        long pid = start(name, kernel, "ignore");
        stop(name, "-t", "1");
        assertGone(pid);
        JsonNode row = instance(name);
        assertThat(row.get("status").asText()).isEqualTo("stopped");
        assertThat(row.get("exitStatus").isNull()).as("QEMU quit: the program reported nothing").isTrue();
    }

    @Test
    void foregroundRun_stoppedFromOutside_returnsTheStatusTheHandlerChose() throws Exception {
        ingot = new IngotProcess(home);
        Path prog = term();
        ProcessBuilder pb = new ProcessBuilder(IngotProcess.REPO.resolve("bin/ingot").toString(), "run", "--name", "fg",
                "--kernel", "native", prog.toString(), "handle", "7").redirectErrorStream(true)
                .redirectOutput(work.resolve("fg.log").toFile());
        pb.environment().put("INGOT_HOME", home.toString());
        pb.environment().put("INGOT_CACHE", IngotProcess.SHARED_CACHE.toString());
        Process run = pb.start();
        started.add("fg");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!Files.readString(work.resolve("fg.log")).contains("term: ready") && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        stop("fg", "-t", "60");
        assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(7);
        assertThat(Files.readString(work.resolve("fg.log"))).contains("term: last line");
    }

    @AfterEach
    void removeAll() throws Exception {
        for (String name : started) ingot.run("rm", "-f", name);
    }
}
