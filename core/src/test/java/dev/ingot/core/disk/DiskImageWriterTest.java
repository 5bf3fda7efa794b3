package dev.ingot.core.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskImageWriterTest {
    @TempDir Path dir;

    /** A stand-in loader: a boot sector (code bytes, empty partition table, 0x55aa) and 3 sectors of stage 2. */
    private Path loader(int stage2Sectors) throws Exception {
        byte[] b = new byte[512 * (1 + stage2Sectors)];
        Arrays.fill(b, 0, 446, (byte) 0x90);
        b[510] = 0x55;
        b[511] = (byte) 0xaa;
        Arrays.fill(b, 512, b.length, (byte) 0xcc);
        return Files.write(dir.resolve("loader.bin"), b);
    }

    /** An ELF64 x86-64 header followed by random bytes (the writer checks only the header). */
    private Path kernel(int size) throws Exception {
        byte[] b = new byte[size];
        new Random(1).nextBytes(b);
        byte[] h = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(h, 0, b, 0, h.length);
        b[18] = 62;
        b[19] = 0;
        return Files.write(dir.resolve("kernel"), b);
    }

    private Path rootfs(int size) throws Exception {
        byte[] b = new byte[size];
        new Random(2).nextBytes(b);
        return Files.write(dir.resolve("rootfs.cpio"), b);
    }

    private static byte[] sectors(byte[] disk, long lba, long bytes) {
        return Arrays.copyOfRange(disk, (int) (lba * 512), (int) (lba * 512 + bytes));
    }

    @Test
    void write_layoutHeaderAndPartsReadBack() throws Exception {
        Path k = kernel(300_001), r = rootfs(70_000), out = dir.resolve("echo.img");
        DiskLayout l = new DiskImageWriter(loader(3)).write(k, r, "console=ttyS0 ingot.debug=1", out);
        byte[] disk = Files.readAllBytes(out);

        // Every part on a 4 KiB boundary, in order, and the disk a whole number of MiB.
        assertThat(l.loaderSectors()).isEqualTo(3);
        assertThat(l.kernelLba()).isEqualTo(8);
        assertThat(l.kernelLba() % 8).isZero();
        assertThat(l.rootfsLba() % 8).isZero();
        assertThat(l.rootfsLba()).isGreaterThanOrEqualTo(l.kernelLba() + (300_001 + 511) / 512);
        assertThat(disk.length % (1 << 20)).isZero();
        assertThat((long) disk.length).isEqualTo(l.totalBytes()).isGreaterThanOrEqualTo((l.rootfsLba() * 512) + 70_000);

        // The header read back from sector 1 says the same, byte for byte what loader/layout.h expects.
        DiskLayout back = DiskLayout.parse(sectors(disk, 1, 512), disk.length / 512);
        assertThat(back).isEqualTo(l);
        ByteBuffer h = ByteBuffer.wrap(sectors(disk, 1, 512)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(sectors(disk, 1, 8), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("INGOTDSK");
        assertThat(h.getInt(8)).isEqualTo(1);
        assertThat(h.getInt(16)).isEqualTo(2);
        assertThat(h.getInt(20)).isEqualTo(3);
        assertThat(h.getLong(24)).isEqualTo(l.kernelLba());
        assertThat(h.getLong(32)).isEqualTo(300_001);
        assertThat(h.getLong(40)).isEqualTo(l.rootfsLba());
        assertThat(h.getLong(48)).isEqualTo(70_000);
        assertThat(h.getInt(56)).isEqualTo("console=ttyS0 ingot.debug=1".length());
        assertThat(h.get(64 + 27)).isZero();   // NUL-terminated

        // Boot sector: the loader's code, partition 1 covering LBA 1 to the end, the signature.
        assertThat(disk[0] & 0xff).isEqualTo(0x90);
        ByteBuffer mbr = ByteBuffer.wrap(sectors(disk, 0, 512)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(mbr.get(446) & 0xff).isEqualTo(0x80);
        assertThat(mbr.get(450) & 0xff).isEqualTo(0xda);
        assertThat(mbr.getInt(454)).isEqualTo(1);
        assertThat(mbr.getInt(458)).isEqualTo((int) (disk.length / 512 - 1));
        assertThat(disk[510] & 0xff).isEqualTo(0x55);
        assertThat(disk[511] & 0xff).isEqualTo(0xaa);

        // Stage 2, the kernel and the rootfs are where the header says, unchanged.
        assertThat(sectors(disk, 2, 3 * 512)).containsOnly((byte) 0xcc);
        assertThat(sectors(disk, l.kernelLba(), 300_001)).isEqualTo(Files.readAllBytes(k));
        assertThat(sectors(disk, l.rootfsLba(), 70_000)).isEqualTo(Files.readAllBytes(r));
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }

    @Test
    void write_commandLineLongerThanTheHeaderHolds_isRefused() throws Exception {
        Path out = dir.resolve("x.img");
        String longLine = "x".repeat(DiskLayout.MAX_CMDLINE + 1);
        assertThatThrownBy(() -> new DiskImageWriter(loader(1)).write(kernel(5000), rootfs(10), longLine, out))
                .isInstanceOf(DiskImageException.class).hasMessageContaining("at most 447");
        assertThat(out).doesNotExist();
        // The longest that fits is written and read back whole.
        String fits = "y".repeat(DiskLayout.MAX_CMDLINE);
        new DiskImageWriter(loader(1)).write(kernel(5000), rootfs(10), fits, out);
        assertThat(DiskLayout.parse(sectors(Files.readAllBytes(out), 1, 512), 0).cmdline()).isEqualTo(fits);
    }

    @Test
    void write_controlCharacterInCommandLine_isRefused() throws Exception {
        assertThatThrownBy(() -> new DiskImageWriter(loader(1)).write(kernel(5000), rootfs(10), "a\nb", dir.resolve("x.img")))
                .isInstanceOf(DiskImageException.class).hasMessageContaining("code 10 at 1");
    }

    @Test
    void write_kernelThatIsNotElf64_isRefused() throws Exception {
        Path notElf = Files.writeString(dir.resolve("bzImage"), "MZ not an ELF at all, longer than twenty bytes");
        assertThatThrownBy(() -> new DiskImageWriter(loader(1)).write(notElf, rootfs(10), "", dir.resolve("x.img")))
                .isInstanceOf(DiskImageException.class).hasMessageContaining("is not an x86-64 ELF64 file");
    }

    @Test
    void write_missingRootfs_saysWhichFile() throws Exception {
        Path missing = dir.resolve("no-such.cpio");
        assertThatThrownBy(() -> new DiskImageWriter(loader(1)).write(kernel(5000), missing, "", dir.resolve("x.img")))
                .isInstanceOf(DiskImageException.class).hasMessage("cannot read the rootfs " + missing + ": no such file");
    }

    @Test
    void write_loaderWithoutBootSignature_isRefused() throws Exception {
        Path bad = Files.write(dir.resolve("bad-loader.bin"), new byte[1024]);
        assertThatThrownBy(() -> new DiskImageWriter(bad).write(kernel(5000), rootfs(10), "", dir.resolve("x.img")))
                .isInstanceOf(DiskImageException.class).hasMessageContaining("not a boot sector");
    }

    @Test
    void write_replacesAnOlderDiskWhole() throws Exception {
        Path out = Files.write(dir.resolve("old.img"), new byte[3 << 20]);
        DiskLayout l = new DiskImageWriter(loader(2)).write(kernel(5000), rootfs(10), "", out);
        assertThat(Files.size(out)).isEqualTo(l.totalBytes()).isEqualTo(1 << 20);
    }

    @Test
    void parse_sectorWithoutMagic_isRefused() {
        assertThatThrownBy(() -> DiskLayout.parse(new byte[512], 0)).isInstanceOf(DiskImageException.class)
                .hasMessageContaining("no INGOTDSK header");
    }
}
