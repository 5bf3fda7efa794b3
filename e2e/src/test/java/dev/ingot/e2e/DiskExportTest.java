package dev.ingot.e2e;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ingot export` and `ingot run --boot disk`: each format QEMU reads is
 * exported from a built echo image and booted by a plain qemu command with
 * no -kernel (the seed's, with the format named), and a TCP client gets its
 * lines back. The native kernel boots most of them (fast under TCG); the
 * Linux backend boots the raw disk with the seed's exact command (-m 2G).
 */
class DiskExportTest {
    private static final long GIB = 1L << 30;

    /** One store for the class: the images are built once, and each export after the first finds the disk. */
    @TempDir static Path home;
    @TempDir static Path out;
    private static IngotProcess ingot;
    private final List<Process> qemus = new ArrayList<>();

    @BeforeAll
    static void buildImages() throws Exception {
        ingot = new IngotProcess(home);
        IngotProcess.Result n = ingot.run("build", "--kernel", "native", "--name", "echo", "examples/echo/echo");
        assertThat(n.exit()).as(n.err()).isZero();
    }

    @AfterEach
    void stopQemus() {
        for (Process p : qemus) {
            p.destroyForcibly();
        }
        qemus.clear();
    }

    @Test
    void everyQemuFormat_bootsWithAPlainQemuCommand_andServes() throws Exception {
        // qemu-img's name for each format: vhd is "vpc" to QEMU.
        String[][] formats = {{"raw", "raw"}, {"qcow2", "qcow2"}, {"vmdk", "vmdk"}, {"vhd", "vpc"}, {"vhdx", "vhdx"}, {"vdi", "vdi"}};
        long blobsAfterFirst = -1;
        for (String[] f : formats) {
            Path disk = export("echo", f[0]);
            // QEMU recognises each file by its header; a fixed VHD has only a footer, so it is named, not probed.
            if (!f[0].equals("vhd")) assertThat(qemuImgInfo(disk, null).get("format").asText()).as(f[0]).isEqualTo(f[1]);
            // The raw disk is made once per image and kept in the store: later exports add no blob.
            long blobs = blobCount();
            if (blobsAfterFirst < 0) blobsAfterFirst = blobs;
            assertThat(blobs).as("blobs after exporting " + f[0]).isEqualTo(blobsAfterFirst);
            bootAndEcho(disk, f[1], "128M", "native " + f[0]);
        }
    }

    @Test
    void vhd_isFixedSize_wholeMiB_asAzureRequires() throws Exception {
        Path vhd = export("echo", "vhd");
        Path raw = export("echo", "raw");
        // A fixed VHD is the raw bytes plus a 512-byte footer: "conectix", disk type 2 (fixed) at 60.
        assertThat(Files.size(vhd)).isEqualTo(Files.size(raw) + 512);
        assertThat(Files.size(raw) % (1 << 20)).isZero();
        byte[] footer = new byte[512];
        try (RandomAccessFile f = new RandomAccessFile(vhd.toFile(), "r")) {
            f.seek(f.length() - 512);
            f.readFully(footer);
        }
        assertThat(new String(footer, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("conectix");
        assertThat(java.nio.ByteBuffer.wrap(footer).getInt(60)).isEqualTo(2);
        assertThat(qemuImgInfo(vhd, "vpc").get("virtual-size").asLong()).isEqualTo(Files.size(raw));
    }

    @Test
    void linuxRawDisk_bootsWithTheSeedsCommand_andServes() throws Exception {
        IngotProcess.Result l = ingot.run("build", "--kernel", "linux", "--name", "echo-linux", "examples/echo/echo");
        assertThat(l.exit()).as(l.err()).isZero();
        Path disk = export("echo-linux", "raw");
        bootAndEcho(disk, "raw", "2G", "linux raw");
    }

    @Test
    void gce_isDiskRawOfWholeGiB_inATarGz_andBoots() throws Exception {
        Path archive = export("echo", "gce");
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (InputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(archive)))) {
            TarArchiveInputStream tar = (TarArchiveInputStream) in;
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) entries.add(e);
        }
        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly("disk.raw");
        assertThat(entries.getFirst().getRealSize()).isPositive().matches(s -> s % GIB == 0, "a multiple of 1 GiB");
        // Small on the wire: the padding to 1 GiB is a sparse hole, not a GiB of compressed zeros.
        assertThat(Files.size(archive)).isLessThan(64L << 20);

        Path dir = Files.createDirectories(out.resolve("gce"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        assertThat(Files.size(dir.resolve("disk.raw")) % GIB).isZero();
        bootAndEcho(dir.resolve("disk.raw"), "raw", "128M", "gce disk.raw");
    }

    @Test
    void runBootDisk_servesPorts_andReturnsTheExitStatus() throws Exception {
        int port = IngotProcess.freePort();
        IngotProcess.Result run = ingot.run("run", "-d", "--boot", "disk", "--name", "d1", "-p", port + ":8080", "echo");
        assertThat(run.exit()).as(run.err()).isZero();
        try {
            echoLines(port, "run --boot disk");
            IngotProcess.Result inspect = ingot.run("inspect", "d1");
            assertThat(inspect.out()).contains("\"pc\"").contains("virtio-blk-pci").doesNotContain("\"-kernel\"");
        } finally {
            ingot.run("rm", "-f", "d1");
        }

        Path prog = Subjects.compile(out, "three", "#include <stdio.h>\nint main(int c, char **v){printf(\"disk says %s\\n\", v[1]);return 3;}\n",
                "musl-gcc", "-static");
        IngotProcess.Result fg = ingot.run("run", "--rm", "--boot", "disk", "--kernel", "native", prog.toString(), "hi");
        assertThat(fg.out()).contains("disk says hi");
        assertThat(fg.exit()).as(fg.err()).isEqualTo(3);
    }

    @Test
    void badExports_sayWhatIsWrongInOneLine_andWriteNothing() throws Exception {
        Path target = out.resolve("x.img");
        IngotProcess.Result missing = ingot.run("export", "nosuch", "-o", target.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("ingot: image not found: nosuch (see ingot images)");

        IngotProcess.Result format = ingot.run("export", "echo", "--format", "ova", "-o", target.toString());
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err().strip())
                .isEqualTo("ingot: unknown export format 'ova': use one of raw, qcow2, vmdk, vhd, vhdx, vdi, gce");

        IngotProcess.Result unwritable = ingot.run("export", "echo", "-o", "/proc/ingot-disk.img");
        assertThat(unwritable.exit()).isEqualTo(1);
        assertThat(unwritable.err().strip()).startsWith("ingot: cannot write /proc/ingot-disk.img").doesNotContain("\n");

        IngotProcess.Result noFolder = ingot.run("export", "echo", "-o", out.resolve("no/such/x.img").toString());
        assertThat(noFolder.exit()).isEqualTo(1);
        assertThat(noFolder.err().strip()).contains("does not exist").doesNotContain("\n");

        Files.writeString(target, "mine");
        IngotProcess.Result exists = ingot.run("export", "echo", "-o", target.toString());
        assertThat(exists.exit()).isEqualTo(1);
        assertThat(exists.err().strip()).isEqualTo("ingot: " + target + " already exists: choose another -o, or --force to replace it");
        assertThat(Files.readString(target)).isEqualTo("mine");
        IngotProcess.Result forced = ingot.run("export", "echo", "--force", "-o", target.toString());
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.size(target) % (1 << 20)).isZero();

        IngotProcess.Result boot = ingot.run("run", "--boot", "floppy", "echo");
        assertThat(boot.exit()).isEqualTo(2);
        assertThat(boot.err().strip()).isEqualTo("ingot: bad --boot 'floppy': use kernel or disk");

        // Nothing half-written is left beside the outputs.
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    private Path export(String image, String format) throws Exception {
        Path file = out.resolve(image + "." + format);
        IngotProcess.Result r = ingot.run("export", image, "--format", format, "--force", "-o", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith(file + ": " + format + ", ");
        return file;
    }

    private long blobCount() throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("blobs/sha256"))) {
            return s.count();
        }
    }

    /** `qemu-img info` of a file, probed or (format non-null) read as that format. */
    private static com.fasterxml.jackson.databind.JsonNode qemuImgInfo(Path disk, String format) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-img", "info", "--output=json"));
        if (format != null) cmd.addAll(List.of("-f", format));
        cmd.add(disk.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(json).isZero();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    }

    /** The seed's command (shared/seeds/003), the format named, plus TCG (no usable KVM here). */
    private void bootAndEcho(Path disk, String qemuFormat, String memory, String what) throws Exception {
        int port = IngotProcess.freePort();
        Path console = out.resolve("console-" + what.replace(' ', '-') + ".log");
        Process qemu = PlainQemu.command(disk, qemuFormat, memory, "tcp::" + port + "-:8080", false)
                .redirectOutput(console.toFile()).redirectErrorStream(true).start();
        qemus.add(qemu);
        try {
            echoLines(port, what);
        } catch (IOException | AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage() + "; console: " + Files.readString(console), e);
        } finally {
            qemu.destroy();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void echoLines(int port, String what) throws Exception {
        try (Socket socket = EchoClient.connect(port, 180_000)) {
            PrintWriter w = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader r = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                String line = what + " line " + i;
                w.println(line);
                assertThat(r.readLine()).isEqualTo(line);
            }
        }
    }
}
