package dev.ingot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults a newcomer met in the first hour (issue "A CLI a newcomer can
 * trust"), each through the real CLI and, where it matters, a real boot.
 * Each test failed before its fix.
 */
class NewcomerFaultsTest {
    /** A program that reads stdin to its end, as cat does, then says how much it read. */
    private static final String STDIN_READER = """
            #include <stdio.h>
            #include <unistd.h>
            int main(void) {
                char buf[256]; long total = 0; ssize_t n;
                while ((n = read(0, buf, sizeof buf)) > 0) total += n;
                printf("stdin: %ld bytes, then %s\\n", total, n == 0 ? "EOF" : "error");
                return n == 0 ? 0 : 1;
            }
            """;

    /** Prints where its stack and an anonymous mapping landed. */
    private static final String ADDRESSES = """
            #include <stdio.h>
            #include <sys/mman.h>
            int main(void) {
                int local = 0;
                void *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                printf("stack=%p mmap=%p\\n", (void *) &local, m);
                return 0;
            }
            """;

    @TempDir Path home;
    @TempDir Path work;

    private IngotProcess.Result run(String... args) throws Exception {
        return new IngotProcess(home).run(Duration.ofMinutes(2), Map.of(), args);
    }

    private static void oneLineError(IngotProcess.Result r, String contains) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.errorLines().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.errorLines()).contains(contains);
    }

    @Test
    void stdinReader_getsEofAtOnce_onBothKernels() throws Exception {
        Path prog = Subjects.compile(work, "stdin-reader", STDIN_READER, "gcc", "-static");
        for (String kernel : new String[]{"linux", "native"}) {
            // Before the fix the Linux guest read its serial console forever: the 2-minute timeout failed the test.
            IngotProcess.Result r = run("run", "--kernel", kernel, prog.toString());
            assertThat(r.exit()).as(kernel + ": " + r.err()).isZero();
            assertThat(r.out()).as(kernel).contains("stdin: 0 bytes, then EOF");
        }
    }

    @Test
    void cpusZeroOrNegative_onABuiltImage_refused() throws Exception {
        assertThat(run("build", "--name", "h", "examples/hello/hello").exit()).isZero();
        oneLineError(run("run", "--cpus", "0", "h"), "bad cpu count 0: use 1 to 64");
        oneLineError(run("run", "--cpus", "-1", "h"), "bad cpu count -1: use 1 to 64");
        oneLineError(run("run", "--cpus", "0", "--dry-run", "h"), "bad cpu count 0");
        assertThat(run("ps", "--json").out().trim()).isEqualTo("[ ]");
    }

    @Test
    void memoryBelowTheKernelsMinimum_refusedWithTheNumber_andTheMinimumBoots() throws Exception {
        // Before: -m 16M hung the Linux guest and 20-24M ended it with an empty console.
        IngotProcess.Result linux = run("run", "--kernel", "linux", "-m", "16M", "examples/hello/hello");
        oneLineError(linux, "guest memory 16M is too little for the linux kernel: use at least 43M");
        assertThat(linux.err()).as("checked before the build").doesNotContain("building image");
        // No --kernel: the default kernel (native) and its minimum.
        oneLineError(run("run", "-m", "4M", "examples/hello/hello"), "too little for the native kernel: use at least 7M");
        assertThat(run("build", "--kernel", "linux", "--name", "h", "examples/hello/hello").exit()).isZero();
        oneLineError(run("run", "-m", "24M", "h"), "use at least 43M");
        for (String[] km : new String[][]{{"linux", "43M"}, {"native", "7M"}}) {
            IngotProcess.Result r = run("run", "--kernel", km[0], "-m", km[1], "examples/hello/hello");
            assertThat(r.exit()).as(km[0] + " at " + km[1] + ": " + r.err()).isZero();
            assertThat(r.out()).contains("Hello from Ingot!");
        }
    }

    @Test
    void traceOnLinux_refusedBeforeAnyWork_kernelDebugAndNoAslrHonoured() throws Exception {
        IngotProcess.Result trace = run("run", "--trace", "--kernel", "linux", "examples/hello/hello");
        oneLineError(trace, "--kernel native");
        assertThat(trace.err()).doesNotContain("building image");
        IngotProcess.Result byDefault = run("run", "--trace", "examples/hello/hello"); // native is the default
        assertThat(byDefault.exit()).as(byDefault.err()).isZero();
        assertThat(byDefault.out()).contains("Hello from Ingot!").contains("exit_group(0) = ?");
        assertThat(run("build", "--kernel", "linux", "--name", "h", "examples/hello/hello").exit()).isZero();
        oneLineError(run("run", "--trace", "h"), "(this image boots the linux kernel)");

        IngotProcess.Result debug = run("run", "--kernel", "linux", "--kernel-debug", "examples/hello/hello");
        assertThat(debug.exit()).as(debug.err()).isZero();
        assertThat(debug.out()).contains("Linux version").contains("Hello from Ingot!");

        Path prog = Subjects.compile(work, "addresses", ADDRESSES, "gcc", "-static-pie");
        IngotProcess.Result first = run("run", "--kernel", "linux", "--no-aslr", prog.toString());
        IngotProcess.Result second = run("run", "--kernel", "linux", "--no-aslr", prog.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("stack=0x").isEqualTo(second.out());
    }

    @Test
    void ingotHomeWithAComma_bootsBothKernels_andStopsADetachedInstance() throws Exception {
        // Before: QEMU read "/tmp/x,y/..." in -chardev as two options and refused to start.
        Path commaHome = Files.createDirectories(home.resolve("my,home"));
        IngotProcess ingot = new IngotProcess(commaHome);
        for (String kernel : new String[]{"linux", "native"}) {
            IngotProcess.Result r = ingot.run("run", "--kernel", kernel, "examples/hello/hello");
            assertThat(r.exit()).as(kernel + ": " + r.err()).isZero();
            assertThat(r.out()).contains("Hello from Ingot!");
        }
        int port = IngotProcess.freePort();
        IngotProcess.Result start = ingot.run("run", "-d", "--name", "c1", "--kernel", "native", "-p", port + ":8080",
                "examples/echo/echo");
        assertThat(start.exit()).as(start.err()).isZero();
        try (Socket s = EchoClient.connect(port, 90_000)) {
            PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            w.println("comma");
            assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine())
                    .isEqualTo("comma");
        }
        assertThat(ingot.run("ps").out()).contains("c1").contains("running");
        IngotProcess.Result stop = ingot.run("stop", "c1");
        assertThat(stop.out().trim()).as("stopped through QMP, not reported as gone").isEqualTo("c1");
        assertThat(ingot.run("ps").out()).contains("stopped");
        ingot.run("rm", "-f", "c1");
    }

    @Test
    void symlinkedDirectoryUnderDirs_arrivesWithItsFiles() throws Exception {
        Path shared = Files.createDirectories(work.resolve("shared"));
        Files.writeString(shared.resolve("site.css"), "body { color: teal }\n");
        Path stat = Files.createDirectories(work.resolve("static"));
        Files.createSymbolicLink(stat.resolve("assets"), Path.of("../shared"));
        Path cfg = Files.writeString(work.resolve("ingot.yaml"), """
                program: /bin/cat
                args: [/srv/assets/site.css]
                dirs: {./static: /srv}
                kernel: native
                """);
        IngotProcess.Result r = run("run", "-c", cfg.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("body { color: teal }");
    }

    @Test
    void configMistakes_oneLineEach() throws Exception {
        Path yaml = Files.writeString(work.resolve("ingot.yaml"), "program: ./echo\nports:\n  - \"8080\"\n memory:64M\n");
        IngotProcess.Result bad = run("build", "-c", yaml.toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.errorLines()).matches("ingot: " + java.util.regex.Pattern.quote(yaml.toString())
                + ":4:2: not valid YAML: [^\\n]+\\n");
        Path ops = Files.writeString(work.resolve("config.json"),
                "{\"Program\": \"" + IngotProcess.REPO.resolve("examples/echo/echo") + "\", \"RunConfig\": {\"Ports\": 18080}}");
        IngotProcess.Result dry = run("run", "--dry-run", "-c", ops.toString());
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).as("the ops port number is forwarded, not ignored").contains("hostfwd=tcp::18080-:18080");
    }
}
