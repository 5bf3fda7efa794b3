package dev.ingot.core.elf;

import dev.ingot.core.testing.CPrograms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LibraryResolverTest {
    private static final String LIB = "int greet(void){return 42;}\n";
    private static final String MAIN = "int greet(void);\nint main(void){return greet()==42?0:1;}\n";
    @TempDir Path dir;
    private Path libDir;

    @BeforeEach
    void buildLibrary() throws Exception {
        libDir = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("greet.c"), LIB);
        CPrograms.run(dir, List.of("gcc", "-shared", "-fPIC", "-o", "lib/libgreet.so", "greet.c"));
    }

    @Test
    void resolve_runpathWithOrigin_placesLibraryBesideProgramInImage() throws Exception {
        Path prog = CPrograms.compile(dir, "app", MAIN, "-Llib", "-lgreet", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/lib");
        ElfInfo info = new ElfInspector().inspectProgram(prog);
        assertThat(info.runpath()).containsExactly("$ORIGIN/lib");

        List<ResolvedLibrary> libs = LibraryResolver.forHost(List.of()).resolve(info, "/app/app");

        assertThat(libs.getFirst().imagePath()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
        assertThat(libs).anySatisfy(l -> {
            assertThat(l.name()).isEqualTo("libgreet.so");
            assertThat(l.hostPath()).isEqualTo(libDir.resolve("libgreet.so"));
            assertThat(l.imagePath()).isEqualTo("/app/lib/libgreet.so");
        });
        assertThat(libs).anySatisfy(l -> {
            assertThat(l.name()).isEqualTo("libc.so.6");
            assertThat(l.imagePath()).isEqualTo("/lib/x86_64-linux-gnu/libc.so.6");
            assertThat(l.neededBy()).isEqualTo(prog);
        });
    }

    @Test
    void resolve_ldLibraryPath() throws Exception {
        Path prog = CPrograms.compile(dir, "app2", MAIN, "-Llib", "-lgreet");
        ElfInfo info = new ElfInspector().inspectProgram(prog);
        List<ResolvedLibrary> libs = LibraryResolver.forHost(List.of(libDir.toString())).resolve(info, "/app/app2");
        assertThat(libs).extracting(ResolvedLibrary::imagePath).contains(libDir.resolve("libgreet.so").toString());
    }

    @Test
    void resolve_missingLibrary_namesItAndWhoNeedsIt() throws Exception {
        Path prog = CPrograms.compile(dir, "app3", MAIN, "-Llib", "-lgreet");
        Files.delete(libDir.resolve("libgreet.so"));
        ElfInfo info = new ElfInspector().inspectProgram(prog);
        assertThatThrownBy(() -> LibraryResolver.forHost(List.of()).resolve(info, "/app/app3"))
                .hasMessage("missing library libgreet.so needed by " + prog + ": install it, or point LD_LIBRARY_PATH at it");
    }

    @Test
    void resolve_transitiveClosure() throws Exception {
        // /usr/bin/curl-like depth: coreutils' sort needs libcrypto on Debian? Use a library that needs another.
        Files.writeString(dir.resolve("outer.c"), "int greet(void);\nint outer(void){return greet();}\n");
        CPrograms.run(dir, List.of("gcc", "-shared", "-fPIC", "-o", "lib/libouter.so", "outer.c", "-Llib", "-lgreet",
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN"));
        Path prog = CPrograms.compile(dir, "app4", "int outer(void);\nint main(void){return outer()==42?0:1;}\n",
                "-Llib", "-louter", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/lib");
        List<ResolvedLibrary> libs = LibraryResolver.forHost(List.of()).resolve(new ElfInspector().inspectProgram(prog), "/app/app4");
        assertThat(libs).extracting(ResolvedLibrary::imagePath).contains("/app/lib/libouter.so", "/app/lib/libgreet.so");
        assertThat(libs).filteredOn(l -> l.name().equals("libgreet.so")).first()
                .extracting(ResolvedLibrary::neededBy).isEqualTo(libDir.resolve("libouter.so"));
    }

    @Test
    void resolve_glibcProgramsCarryLibgccForPthreadExit() throws Exception {
        Path prog = CPrograms.compile(dir, "thr", CPrograms.HELLO);
        List<ResolvedLibrary> libs = LibraryResolver.forHost(List.of()).resolve(new ElfInspector().inspectProgram(prog), "/app/thr");
        assertThat(libs).extracting(ResolvedLibrary::name).contains("libgcc_s.so.1");
    }

    @Test
    void resolve_staticProgramNeedsNothing() throws Exception {
        Path prog = CPrograms.compile(dir, "st", CPrograms.HELLO, "-static");
        assertThat(LibraryResolver.forHost(List.of()).resolve(new ElfInspector().inspectProgram(prog), "/app/st")).isEmpty();
    }
}
