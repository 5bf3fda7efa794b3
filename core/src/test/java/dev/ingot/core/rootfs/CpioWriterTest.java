package dev.ingot.core.rootfs;

import dev.ingot.core.IngotException;
import dev.ingot.core.spec.FileMapping;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.spec.SpecBuilder;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpioWriterTest {
    @TempDir Path dir;

    private byte[] write(RootfsLayout layout) throws IngotException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CpioWriter().write(layout, out);
        return out.toByteArray();
    }

    private static Map<String, CpioArchiveEntry> read(byte[] archive, Map<String, String> contents) throws Exception {
        Map<String, CpioArchiveEntry> out = new LinkedHashMap<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(archive))) {
            CpioArchiveEntry e;
            while ((e = in.getNextCPIOEntry()) != null) {
                out.put(e.getName(), e);
                if (contents != null) contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private Spec spec(Path program) throws IngotException {
        return new SpecBuilder().program(program).args(List.of("a b", "c")).env("K", "v")
                .file(new FileMapping(dir.resolve("data"), "/srv/data")).build();
    }

    @Test
    void write_sameInputsGiveIdenticalBytes_evenWithNewTimestamps() throws Exception {
        Path prog = Files.writeString(dir.resolve("prog"), "\u007fELF pretend");
        Files.createDirectories(dir.resolve("data/sub"));
        Files.writeString(dir.resolve("data/sub/x.txt"), "x");
        Files.writeString(dir.resolve("data/y.txt"), "y");
        byte[] first = write(new RootfsPlanner().plan(spec(prog), List.of(), null));
        Files.setLastModifiedTime(prog, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(dir.resolve("data/y.txt"), FileTime.fromMillis(5_000_000));
        byte[] second = write(new RootfsPlanner().plan(spec(prog), List.of(), null));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void write_orderOfAdditionDoesNotMatter() throws Exception {
        RootfsLayout a = new RootfsLayout();
        a.content("/b/2", "two");
        a.content("/a/1", "one");
        RootfsLayout b = new RootfsLayout();
        b.content("/a/1", "one");
        b.content("/b/2", "two");
        assertThat(write(a)).isEqualTo(write(b));
    }

    @Test
    void plan_followsTheBootProtocol() throws Exception {
        Path prog = Files.writeString(dir.resolve("prog"), "binary");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/y.txt"), "y");
        Map<String, String> contents = new LinkedHashMap<>();
        Map<String, CpioArchiveEntry> entries = read(write(new RootfsPlanner().plan(spec(prog), List.of(), null)), contents);

        assertThat(entries.keySet()).containsSubsequence(".", ".ingot", ".ingot/argv", ".ingot/env", "app", "app/prog");
        assertThat(contents.get(".ingot/argv")).isEqualTo("/app/prog\0a b\0c\0");
        assertThat(contents.get(".ingot/env")).isEqualTo("K=v\0");
        assertThat(contents.get("srv/data/y.txt")).isEqualTo("y");
        assertThat(contents.get("etc/resolv.conf")).isEqualTo("nameserver 10.0.2.3\n");
        assertThat(entries.get("tmp").getMode() & 07777).isEqualTo(01777);
        assertThat(entries.get("app/prog").getTime()).isZero();
        assertThat(entries.keySet()).doesNotContain("init");
    }

    @Test
    void plan_linuxImagesCarryTheInitShim() throws Exception {
        Path prog = Files.writeString(dir.resolve("prog"), "binary");
        Path shim = Files.writeString(dir.resolve("ingot-init"), "shim");
        Files.createDirectories(dir.resolve("data"));
        Map<String, CpioArchiveEntry> entries = read(write(new RootfsPlanner().plan(spec(prog), List.of(), shim)), null);
        assertThat(entries).containsKey("init");
    }

    @Test
    void plan_sameLibraryFileTwiceIsStoredOnceAndLinked() throws Exception {
        Path prog = Files.writeString(dir.resolve("prog"), "binary");
        Path ldso = Files.writeString(dir.resolve("ld.so"), "loader");
        Files.createDirectories(dir.resolve("data"));
        List<dev.ingot.core.elf.ResolvedLibrary> libs = List.of(
                new dev.ingot.core.elf.ResolvedLibrary("/lib64/ld.so", ldso, "/lib64/ld.so", prog),
                new dev.ingot.core.elf.ResolvedLibrary("ld.so", ldso, "/lib/x86_64-linux-gnu/ld.so", prog));
        Map<String, String> contents = new LinkedHashMap<>();
        Map<String, CpioArchiveEntry> entries = read(write(new RootfsPlanner().plan(spec(prog), libs, null)), contents);
        assertThat(entries.get("lib64/ld.so").isRegularFile()).isTrue();
        assertThat(entries.get("lib/x86_64-linux-gnu/ld.so").isSymbolicLink()).isTrue();
        assertThat(contents.get("lib/x86_64-linux-gnu/ld.so")).isEqualTo("/lib64/ld.so");
    }

    @Test
    void layout_conflictingSourcesAreAnError() throws Exception {
        RootfsLayout layout = new RootfsLayout();
        layout.content("/etc/x", "one");
        assertThatThrownBy(() -> layout.content("/etc/x", "two")).hasMessageContaining("two different things would go at /etc/x");
        assertThatThrownBy(() -> layout.content("/etc/x/y", "z")).hasMessageContaining("/etc/x is a file in the image");
    }

    @Test
    void layout_missingUserFileIsAnError() {
        RootfsLayout layout = new RootfsLayout();
        assertThatThrownBy(() -> layout.copyTree(dir.resolve("absent"), "/x")).hasMessageContaining("not found");
    }
}
