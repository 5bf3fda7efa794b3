package dev.ingot.e2e;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential suite: every program in tests/programs, in each of its
 * builds (musl static, glibc static, glibc static-PIE), runs under
 * `--kernel native` and `--kernel linux` with the same image contents, and
 * must print byte-identical stdout and exit with the same status. Linux is
 * the oracle. Lines the kernels themselves print ("ingot: ..." diagnostics)
 * are not the program's output and are set aside.
 */
class DifferentialTest {
    private static final Path PROGRAMS = IngotProcess.REPO.resolve("tests/programs");
    @TempDir static Path home;
    @TempDir static Path work;

    @TestFactory
    Stream<DynamicTest> nativeMatchesLinux() throws IOException {
        List<Path> builds = new ArrayList<>();
        try (Stream<Path> files = Files.list(PROGRAMS.resolve("build"))) {
            files.filter(p -> p.getFileName().toString().matches("[a-z0-9_]+\\.(musl|glibc|glibc-pie)")).sorted().forEach(builds::add);
        }
        assertThat(builds).as("tests/programs is built (./setup does it)").hasSizeGreaterThan(30);
        return builds.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> compare(p)));
    }

    private void compare(Path program) throws Exception {
        IngotProcess ingot = new IngotProcess(home);
        String name = program.getFileName().toString().replace('.', '-').replace('_', '-');
        Path cfg = Files.writeString(work.resolve(name + ".yaml"), """
                name: %s
                program: %s
                args: [one, two-words]
                env: {HOME: /, LANG: C, INGOT_TEST: "1"}
                dirs: {%s: /data}
                """.formatted(name, program, PROGRAMS.resolve("data")));
        IngotProcess.Result linux = ingot.run("run", "-c", cfg.toString(), "--kernel", "linux");
        IngotProcess.Result nativ = ingot.run("run", "-c", cfg.toString(), "--kernel", "native");
        assertThat(programOutput(nativ.out())).as("stdout of %s on native vs linux; native stderr: %s", program, nativ.err())
                .isEqualTo(programOutput(linux.out()));
        assertThat(nativ.exit()).as("exit status on native vs linux (%s)", nativ.err()).isEqualTo(linux.exit());
    }

    static String programOutput(String console) {
        StringBuilder out = new StringBuilder();
        for (String line : console.split("(?<=\n)")) {
            if (!line.startsWith("ingot: ")) out.append(line);
        }
        return out.toString();
    }
}
