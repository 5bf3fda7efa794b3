package dev.ingot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input: one clear line, a non-zero exit, no stack trace, nothing left behind. */
class ErrorsTest {
    @TempDir Path home;
    @TempDir Path work;

    private IngotProcess.Result fails(String... args) throws Exception {
        IngotProcess.Result r = new IngotProcess(home).run(args);
        assertThat(r.exit()).as("exit of ingot %s", String.join(" ", args)).isNotZero();
        String errors = r.errorLines();
        assertThat(errors.lines().count()).as(errors).isEqualTo(1);
        assertThat(errors).doesNotContain("Exception").doesNotContain("\tat ");
        return r;
    }

    @Test
    void missingFile() throws Exception {
        assertThat(fails("run", "./no-such-program").errorLines()).startsWith("ingot: no such file: ./no-such-program");
    }

    @Test
    void bareWord_neitherImageNorFile_saysBoth() throws Exception {
        assertThat(fails("run", "sha256:ab12").errorLines()).isEqualTo("ingot: no image and no program file named"
                + " sha256:ab12: give a program's path (./sha256:ab12) or an image from ingot images -a\n");
        assertThat(fails("run", "hello:v9").exit()).isEqualTo(1);
        assertThat(fails("serve", "-p", "8080", "hello:v9").errorLines()).startsWith("ingot: no image and no program file named hello:v9");
    }

    @Test
    void notAnElf() throws Exception {
        Path text = Files.writeString(work.resolve("readme.txt"), "text");
        assertThat(fails("run", text.toString()).errorLines()).contains("is not an ELF executable");
    }

    @Test
    void wrongArchitecture() throws Exception {
        Path prog = Subjects.compile(work, "p", "int main(void){return 0;}\n", "gcc");
        byte[] b = Files.readAllBytes(prog);
        b[18] = (byte) 183;
        Files.write(prog, b);
        assertThat(fails("run", prog.toString()).errorLines()).contains("built for aarch64, not x86-64");
    }

    @Test
    void missingLibrary() throws Exception {
        Files.writeString(work.resolve("g.c"), "int greet(void){return 1;}\n");
        new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", work.resolve("libgreet.so").toString(), work.resolve("g.c").toString())
                .start().waitFor();
        Path prog = Subjects.compile(work, "needs", "int greet(void);\nint main(void){return greet();}\n", "gcc",
                "-L" + work, "-lgreet");
        Files.delete(work.resolve("libgreet.so"));
        assertThat(fails("run", prog.toString()).errorLines())
                .isEqualTo("ingot: missing library libgreet.so needed by " + prog + ": install it, or point LD_LIBRARY_PATH at it\n");
    }

    @Test
    void badConfigKey() throws Exception {
        Path cfg = Files.writeString(work.resolve("ingot.yaml"), "program: /usr/bin/true\nportz: [\"80\"]\n");
        assertThat(fails("build", "-c", cfg.toString()).errorLines()).startsWith("ingot: " + cfg + ": unknown key 'portz'");
    }

    @Test
    void badConfigValue() throws Exception {
        Path cfg = Files.writeString(work.resolve("ingot.yaml"), "program: /usr/bin/true\nmemory: plenty\n");
        assertThat(fails("build", "-c", cfg.toString()).errorLines()).contains("bad memory size 'plenty'");
    }

    @Test
    void badFlag() throws Exception {
        assertThat(fails("run", "--accel", "warp", "/usr/bin/true").errorLines()).contains("bad --accel 'warp'");
        assertThat(fails("run", "-p", "70000", "/usr/bin/true").errorLines()).contains("ports are 1 to 65535");
        IngotProcess.Result badName = fails("run", "--name", "../x", "examples/hello/hello");
        assertThat(badName.errorLines()).contains("bad instance name '../x'");
        assertThat(badName.err()).as("checked before any build").doesNotContain("building image");
    }

    @Test
    void portInUse_leavesNothingBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            assertThat(fails("run", "-d", "-p", port + ":8080", "examples/echo/echo").errorLines())
                    .contains("port " + port + " is already in use on the host");
        }
        assertThat(new IngotProcess(home).run("ps", "--json").out().trim()).isEqualTo("[ ]");
    }

    @Test
    void noQemu() throws Exception {
        // A PATH with what bin/ingot itself needs, and no qemu-system-x86_64.
        Path bin = Files.createDirectories(work.resolve("bin"));
        for (String tool : new String[]{"bash", "dirname", "readlink", "sed"}) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        IngotProcess.Result r = new IngotProcess(home).run(java.time.Duration.ofMinutes(3),
                java.util.Map.of("PATH", bin.toString()), "run", "--kernel", "native", "examples/hello/hello");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("QEMU is not installed");
    }

    @Test
    void imageAndInstanceNotFound() throws Exception {
        assertThat(fails("inspect", "nope").errorLines()).contains("no image or instance named nope");
        assertThat(fails("rmi", "nope").errorLines()).contains("image not found: nope");
        assertThat(fails("stop", "nope").errorLines()).contains("instance not found: nope");
        assertThat(fails("logs", "nope").errorLines()).contains("instance not found: nope");
    }

    /**
     * An image a newer Ingot wrote to the same INGOT_HOME (its manifest schema bumped): every command
     * that reads it says so in one line, and prune, which cannot know that image's parts, removes nothing.
     */
    @Test
    void imageOfANewerIngot_oneLineEverywhere_andPruneRemovesNothing() throws Exception {
        Path prog = Subjects.compile(work, "app", "int main(void){return 0;}\n", "musl-gcc", "-static");
        IngotProcess.Result build = new IngotProcess(home).run("build", "--name", "app", prog.toString());
        assertThat(build.exit()).as(build.err()).isZero();
        Path blobs = home.resolve("blobs/sha256");
        String current = Files.readString(home.resolve("tags/app/latest")).strip();
        String manifest = Files.readString(blobs.resolve(current.substring("sha256:".length())));
        assertThat(manifest).contains("\"schemaVersion\" : 2");
        byte[] newer = manifest.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 7")
                .replace("manifest.v2+json", "manifest.v7+json").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(newer));
        Files.write(blobs.resolve(hex), newer);
        Files.writeString(Files.createDirectories(home.resolve("tags/later")).resolve("latest"), "sha256:" + hex + "\n");

        String line = "ingot: image app (" + hex.substring(0, 12) + ") was built by a newer Ingot (manifest schema 7):"
                + " upgrade Ingot or rebuild it\n";
        assertThat(fails("run", "later").errorLines()).isEqualTo(line);
        assertThat(fails("inspect", "later").errorLines()).isEqualTo(line);
        assertThat(fails("export", "later", "-o", work.resolve("later.img").toString()).errorLines()).isEqualTo(line);
        assertThat(work.resolve("later.img")).doesNotExist();
        // One unreadable image hides no other: images lists app and says what it skipped.
        IngotProcess.Result images = new IngotProcess(home).run("images");
        assertThat(images.exit()).as(images.err()).isZero();
        assertThat(images.out()).contains("app:latest").doesNotContain("later:latest");
        assertThat(images.errorLines()).isEqualTo("ingot: skipping " + line.substring("ingot: ".length()));
        long before;
        try (var files = Files.list(blobs)) {
            before = files.count();
        }
        assertThat(fails("prune").errorLines()).isEqualTo(line);
        try (var files = Files.list(blobs)) {
            assertThat(files.count()).isEqualTo(before);
        }
        // -a forgets the build cache: not before every manifest that stays was read.
        String cacheBefore = listing(home.resolve("buildcache"));
        assertThat(cacheBefore).isNotEmpty();
        assertThat(fails("prune", "-a").errorLines()).isEqualTo(line);
        assertThat(listing(home.resolve("buildcache"))).isEqualTo(cacheBefore);
        try (var files = Files.list(blobs)) {
            assertThat(files.count()).isEqualTo(before);
        }
    }

    /** Every file under dir, relative, sorted, one per line. */
    private static String listing(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
                    .reduce("", (a, b) -> a + b + "\n");
        }
    }
}
