package dev.ingot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Foreground runs: output on our stdout, the program's exit status as ours. */
class RunProgramTest {
    @TempDir Path home;
    @TempDir Path work;

    @Test
    void run_exitStatus3IsOurs() throws Exception {
        Path prog = Subjects.compile(work, "three", "#include <stdio.h>\nint main(void){puts(\"bye\");return 3;}\n", "musl-gcc", "-static");
        IngotProcess.Result r = new IngotProcess(home).run("run", prog.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).contains("bye");
    }

    @Test
    void run_exitStatusAbove127IsExact() throws Exception {
        // isa-debug-exit alone would turn 200 into (401 & 255) = 145; the COM2 record keeps it exact.
        Path prog = Subjects.compile(work, "twohundred", "int main(void){return 200;}\n", "musl-gcc", "-static");
        assertThat(new IngotProcess(home).run("run", prog.toString()).exit()).isEqualTo(200);
    }

    @Test
    void run_dynamicDebianProgramFindsItsLibraries() throws Exception {
        IngotProcess.Result r = new IngotProcess(home).run("run", "/usr/bin/printf", "hello %s\\n", "world");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("hello world\n");
    }

    @Test
    void run_argsAndEnvReachTheProgram() throws Exception {
        Path prog = Subjects.compile(work, "show", """
                #include <stdio.h>
                #include <stdlib.h>
                int main(int argc, char **argv){
                  for (int i = 0; i < argc; i++) printf("argv[%d]=%s\\n", i, argv[i]);
                  printf("GREETING=%s\\n", getenv("GREETING"));
                  return 0;
                }
                """, "gcc");
        IngotProcess.Result r = new IngotProcess(home).run("run", "-e", "GREETING=hi there", "-m", "64M", prog.toString(),
                "one", "two words");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("argv[0]=/app/show\nargv[1]=one\nargv[2]=two words\nGREETING=hi there\n");
    }

    @Test
    void run_severalCpusOnTheDefaultKernel_saysItUsesOne() throws Exception {
        Path prog = Subjects.compile(work, "ncpu", """
                #include <stdio.h>
                #include <unistd.h>
                int main(void){ printf("online=%ld\\n", sysconf(_SC_NPROCESSORS_ONLN)); return 0; }
                """, "gcc");
        IngotProcess.Result r = new IngotProcess(home).run("run", "--rm", "--cpus", "2", prog.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("online=1\n");
        assertThat(r.err()).contains("the native kernel runs the program on 1 of the 2 CPUs given; --kernel linux uses them all");
    }

    @Test
    void run_rmLeavesNoInstanceBehind() throws Exception {
        IngotProcess ingot = new IngotProcess(home);
        IngotProcess.Result r = ingot.run("run", "--rm", "examples/hello/hello");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Hello from Ingot!");
        assertThat(ingot.run("ps", "--json").out().trim()).isEqualTo("[ ]");
        assertThat(ingot.run("run", "examples/hello/hello").exit()).isZero();
        assertThat(ingot.run("ps", "--json").out()).contains("\"exitStatus\" : 0");
    }

    @Test
    void run_dryRunPrintsTheQemuCommandAndBootsNothing() throws Exception {
        IngotProcess ingot = new IngotProcess(home);
        IngotProcess.Result r = ingot.run("run", "--dry-run", "-p", "18099:8080", "examples/echo/echo");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("qemu-system-x86_64 -M microvm")
                .contains("hostfwd=tcp::18099-:8080").contains("-kernel ").contains("-initrd ");
        assertThat(ingot.run("ps", "--json").out().trim()).isEqualTo("[ ]");
    }

    @Test
    void run_dryRunCommandBootsWhenPasted() throws Exception {
        IngotProcess ingot = new IngotProcess(home);
        IngotProcess.Result r = ingot.run("run", "--dry-run", "--kernel", "native", "examples/hello/hello", "two words", "it's");
        assertThat(r.exit()).as(r.err()).isZero();
        // Pasted into a shell as it is: the console is the terminal, every path exists.
        Process sh = new ProcessBuilder("bash", "-c", r.out().trim()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(sh.getInputStream().readAllBytes());
        assertThat(sh.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(out).contains("Hello from Ingot! two words it's");
        assertThat(sh.exitValue()).as("isa-debug-exit encodes status 0 as 1").isEqualTo(1);
    }
}
