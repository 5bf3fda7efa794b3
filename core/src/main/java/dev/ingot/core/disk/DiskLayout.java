package dev.ingot.core.disk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where each part of a boot disk lies, in 512-byte sectors, and the header
 * sector that tells the loader (loader/layout.h has the same offsets;
 * docs/disk.md describes the format):
 * <pre>
 *   LBA 0   MBR: loader boot code, one partition entry, 0x55aa
 *   LBA 1   header: "INGOTDSK", version, stage 2 LBA and sectors, kernel and rootfs LBA and byte length, command line
 *   LBA 2   stage 2 of the loader
 *   then    the kernel ELF and the rootfs cpio, each starting on a 4 KiB boundary
 * </pre>
 * The disk ends on a 1 MiB boundary: BIOSes derive a CHS geometry from the
 * size (SeaBIOS refuses a disk under one cylinder of 16 x 63 sectors), and
 * cloud importers want whole MiB.
 */
public record DiskLayout(int loaderSectors, long kernelLba, long kernelBytes, long rootfsLba, long rootfsBytes,
                         String cmdline, long totalSectors) {
    public static final int SECTOR = 512;
    public static final int VERSION = 1;
    public static final long HEADER_LBA = 1;
    public static final long LOADER_LBA = 2;
    /** The loader reads stage 2 to 0x8000-0xdfff (loader/layout.h STAGE2_MAX_SECTORS). */
    public static final int MAX_LOADER_SECTORS = 48;
    /** The command line lives in the header sector from byte 64, NUL-terminated. */
    public static final int CMDLINE_OFFSET = 64;
    public static final int MAX_CMDLINE = SECTOR - CMDLINE_OFFSET - 1;
    static final int PART_ALIGN_SECTORS = 8;
    static final int DISK_ALIGN_SECTORS = 2048;
    static final byte[] MAGIC = "INGOTDSK".getBytes(StandardCharsets.US_ASCII);

    /** Lays the parts out one after the other. */
    public static DiskLayout plan(int loaderSectors, long kernelBytes, long rootfsBytes, String cmdline)
            throws DiskImageException {
        if (loaderSectors < 1 || loaderSectors > MAX_LOADER_SECTORS) {
            throw new DiskImageException("the disk loader's stage 2 is " + loaderSectors + " sectors; it must be 1 to "
                    + MAX_LOADER_SECTORS + ": rebuild loader/");
        }
        checkCmdline(cmdline);
        long kernelLba = align(LOADER_LBA + loaderSectors, PART_ALIGN_SECTORS);
        long rootfsLba = align(kernelLba + sectors(kernelBytes), PART_ALIGN_SECTORS);
        long total = align(rootfsLba + sectors(rootfsBytes), DISK_ALIGN_SECTORS);
        if (kernelBytes <= 0 || rootfsBytes <= 0 || total > 0xffff_ffffL) {
            throw new DiskImageException("cannot lay out a disk for a " + kernelBytes + "-byte kernel and a "
                    + rootfsBytes + "-byte rootfs: each must be 1 byte to 2 TiB in all");
        }
        return new DiskLayout(loaderSectors, kernelLba, kernelBytes, rootfsLba, rootfsBytes, cmdline, total);
    }

    private static void checkCmdline(String cmdline) throws DiskImageException {
        for (int i = 0; i < cmdline.length(); i++) {
            char c = cmdline.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new DiskImageException("the kernel command line has a character the loader cannot pass (code "
                        + (int) c + " at " + i + "): use printable ASCII");
            }
        }
        if (cmdline.length() > MAX_CMDLINE) {
            throw new DiskImageException("the kernel command line is " + cmdline.length() + " bytes; a boot disk holds at most "
                    + MAX_CMDLINE);
        }
    }

    public long totalBytes() {
        return totalSectors * SECTOR;
    }

    /** The header sector (LBA 1). */
    public byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC);
        b.putInt(8, VERSION);
        b.putInt(16, (int) LOADER_LBA);
        b.putInt(20, loaderSectors);
        b.putLong(24, kernelLba);
        b.putLong(32, kernelBytes);
        b.putLong(40, rootfsLba);
        b.putLong(48, rootfsBytes);
        byte[] cmd = cmdline.getBytes(StandardCharsets.US_ASCII);
        b.putInt(56, cmd.length);
        b.put(CMDLINE_OFFSET, cmd);
        return b.array();
    }

    /** Reads a header sector back (the inverse of {@link #header()}), for inspection and tests. */
    public static DiskLayout parse(byte[] sector, long totalSectors) throws DiskImageException {
        if (sector.length != SECTOR || !Arrays.equals(sector, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DiskImageException("not an Ingot boot disk: no INGOTDSK header in sector 1");
        }
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(8) != VERSION) throw new DiskImageException("unknown Ingot disk header version " + b.getInt(8));
        int len = b.getInt(56);
        if (len < 0 || len > MAX_CMDLINE) throw new DiskImageException("bad command line length " + len + " in the disk header");
        String cmdline = new String(sector, CMDLINE_OFFSET, len, StandardCharsets.US_ASCII);
        return new DiskLayout(b.getInt(20), b.getLong(24), b.getLong(32), b.getLong(40), b.getLong(48), cmdline, totalSectors);
    }

    static long sectors(long bytes) {
        return (bytes + SECTOR - 1) / SECTOR;
    }

    private static long align(long n, long a) {
        return (n + a - 1) / a * a;
    }
}
