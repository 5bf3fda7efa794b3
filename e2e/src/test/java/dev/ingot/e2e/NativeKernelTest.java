package dev.ingot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What Ingot's own kernel promises beyond matching Linux: diagnostics and protection, seen from the CLI. */
class NativeKernelTest {
    private static final Path BUILDS = IngotProcess.REPO.resolve("tests/programs/build");
    @TempDir Path home;

    private IngotProcess.Result runNative(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "run";
        all[1] = "--kernel";
        all[2] = "native";
        System.arraycopy(args, 0, all, 3, args.length);
        return new IngotProcess(home).run(all);
    }

    @Test
    void trace_printsEverySyscallStraceStyle() throws Exception {
        IngotProcess.Result r = runNative("--trace", "examples/hello/hello");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Hello from Ingot!").containsPattern("writev\\(1, 0x[0-9a-f]+, 2\\) = 18")
                .contains("exit_group(0) = ?");
    }

    @Test
    void nullDereference_isReportedWithAddressAndSymbol() throws Exception {
        IngotProcess.Result r = runNative(BUILDS.resolve("nullderef.musl").toString());
        assertThat(r.exit()).isEqualTo(139);
        assertThat(r.out()).contains("ingot: program fault: SIGSEGV").contains("cr2=0x0").contains("<main+")
                .contains("NULL pointer dereference").containsPattern("rip=[0-9a-f]{16}");
    }

    @Test
    void writeToReadOnlyPage_isCaught() throws Exception {
        IngotProcess.Result r = runNative(BUILDS.resolve("write_rodata.glibc").toString());
        assertThat(r.exit()).isEqualTo(139);
        assertThat(r.out()).contains("ingot: program fault: SIGSEGV");
    }

    @Test
    void jumpToTheStack_isCaughtByNx() throws Exception {
        IngotProcess.Result r = runNative(BUILDS.resolve("exec_stack.musl").toString());
        assertThat(r.exit()).isEqualTo(139);
        assertThat(r.out()).contains("ingot: program fault: SIGSEGV");
    }

    @Test
    void unknownSyscall_returnsEnosysAndTheProgramGoesOn() throws Exception {
        IngotProcess.Result r = runNative(BUILDS.resolve("enosys.musl").toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("ingot: unimplemented syscall");
    }

    @Test
    void dynamicProgram_runsOnTheNativeKernelToo() throws Exception {
        IngotProcess.Result r = runNative("/usr/bin/printf", "native %s\\n", "dynamic");
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("native dynamic\n");
    }
}
