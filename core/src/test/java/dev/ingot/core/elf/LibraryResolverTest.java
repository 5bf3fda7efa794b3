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

    @Test
    void resolve_libToken_debianMultiarchLayout() throws Exception {
        Path root = dir.resolve("debian");
        Path real = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu")).resolve("ld-linux-x86-64.so.2");
        Files.write(real, new ElfBytes().build());
        Files.createDirectories(root.resolve("lib64"));
        Files.createSymbolicLink(root.resolve("lib64/ld-linux-x86-64.so.2"), Path.of("../usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        assertThat(resolveJli(root, "$ORIGIN/../$LIB/jli")).isEqualTo("/opt/app/lib/x86_64-linux-gnu/jli/libjli.so");
    }

    @Test
    void resolve_libToken_lib64Layout() throws Exception {
        Path root = dir.resolve("fedora");
        Path real = Files.createDirectories(root.resolve("usr/lib64")).resolve("ld-linux-x86-64.so.2");
        Files.write(real, new ElfBytes().build());
        Files.createDirectories(root.resolve("lib64"));
        Files.createSymbolicLink(root.resolve("lib64/ld-linux-x86-64.so.2"), Path.of("../usr/lib64/ld-linux-x86-64.so.2"));
        assertThat(resolveJli(root, "${ORIGIN}/../${LIB}/jli")).isEqualTo("/opt/app/lib64/jli/libjli.so");
    }

    /** A program at app/bin/prog (image /opt/app/bin/prog) whose runpath names libjli.so's folder. */
    private String resolveJli(Path root, String runpath) throws Exception {
        String lib = DynamicStringTokens.libFor(root, root.resolve("lib64/ld-linux-x86-64.so.2"));
        Path app = dir.resolve(root.getFileName() + "-app");
        Path jli = Files.createDirectories(app.resolve(lib + "/jli"));
        ElfBytes libBytes = new ElfBytes();
        libBytes.needed = List.of();
        libBytes.runpath = null;
        Files.write(jli.resolve("libjli.so"), libBytes.build());
        ElfBytes prog = new ElfBytes();
        prog.needed = List.of("libjli.so");
        prog.runpath = runpath;
        Path bin = Files.createDirectories(app.resolve("bin"));
        Files.write(bin.resolve("prog"), prog.build());
        ElfInfo info = new ElfInspector().inspectProgram(bin.resolve("prog"));
        List<ResolvedLibrary> libs = new LibraryResolver(new ElfInspector(), LdSoCache.empty(), List.of(), root)
                .resolve(info, "/opt/app/bin/prog");
        return libs.stream().filter(l -> l.name().equals("libjli.so")).findFirst().orElseThrow().imagePath();
    }

    @Test
    void libToken_agreesWithTheHostsLdSo() throws Exception {
        // Our own test program, run with LD_DEBUG=libs: ld.so prints the path it built from $LIB.
        Path prog = CPrograms.compile(dir, "libtok", MAIN, "-Llib", "-lgreet", "-Wl,--disable-new-dtags,-rpath,$ORIGIN/$LIB/x");
        ProcessBuilder pb = new ProcessBuilder(prog.toString()).redirectErrorStream(true);
        pb.environment().put("LD_DEBUG", "libs");
        Process p = pb.start();
        String trace = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        String lib = DynamicStringTokens.libFor(Path.of("/"), Path.of("/lib64/ld-linux-x86-64.so.2"));
        assertThat(trace).contains("search path=" + dir.toRealPath() + "/" + lib + "/x");
    }

    @Test
    void dynamicStringTokens_followGlibcRules() {
        DynamicStringTokens t = new DynamicStringTokens("/o", "lib/x86_64-linux-gnu", "x86_64");
        assertThat(t.expand("$ORIGIN/../$LIB")).isEqualTo("/o/../lib/x86_64-linux-gnu");
        assertThat(t.expand("${ORIGIN}/${LIB}x/${PLATFORM}")).isEqualTo("/o/lib/x86_64-linux-gnux/x86_64");
        assertThat(t.expand("$LIBX/$ORIGINAL")).isEqualTo("$LIBX/$ORIGINAL"); // not tokens
        assertThat(t.expand("/a$/b$")).isEqualTo("/a$/b$");
        assertThat(t.expand("${LIB")).isEqualTo("${LIB");
        assertThat(t.expand("$PLATFORM")).isEqualTo("x86_64");
    }
}
