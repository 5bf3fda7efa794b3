package dev.ingot.core.disk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a raw disk that a BIOS boots with no -kernel (docs/disk.md): Ingot's
 * loader (loader/build/ingot-loader.bin: the 512-byte boot sector, then
 * stage 2), the header, the kernel ELF and the rootfs cpio, laid out by
 * {@link DiskLayout}. The loader enters the kernel by PVH exactly as QEMU's
 * -kernel does, so either kernel boots from it unchanged.
 *
 * The file appears whole or not at all: it is written beside the target
 * and renamed into place. Padding is left as holes (a sparse file).
 */
public final class DiskImageWriter {
    /** MBR partition entry 1 (offset 446): active, type 0xda ("non-FS data"), LBA 1 to the end. */
    static final int PARTITION_OFFSET = 446;
    static final byte PARTITION_TYPE = (byte) 0xda;

    private final Path loader;

    /** @param loader the loader binary, as {@code KernelArtifacts.diskLoader()} finds it */
    public DiskImageWriter(Path loader) {
        this.loader = loader;
    }

    /** Writes kernel + rootfs + cmdline as a boot disk at out; returns the layout used. */
    public DiskLayout write(Path kernel, Path rootfs, String cmdline, Path out) throws DiskImageException {
        byte[] loaderBytes = readLoader();
        checkKernel(kernel);
        DiskLayout layout = DiskLayout.plan(loaderBytes.length / DiskLayout.SECTOR - 1, size(kernel, "kernel"),
                size(rootfs, "rootfs"), cmdline);
        Path tmp = null;
        try {
            Path parent = out.toAbsolutePath().getParent();
            tmp = Files.createTempFile(parent, "." + out.getFileName() + ".", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its default
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                byte[] mbr = java.util.Arrays.copyOf(loaderBytes, DiskLayout.SECTOR);
                putPartition(mbr, layout.totalSectors());
                writeAt(ch, mbr, 0);
                writeAt(ch, layout.header(), DiskLayout.HEADER_LBA * DiskLayout.SECTOR);
                writeAt(ch, java.util.Arrays.copyOfRange(loaderBytes, DiskLayout.SECTOR, loaderBytes.length),
                        DiskLayout.LOADER_LBA * DiskLayout.SECTOR);
                copyAt(ch, kernel, layout.kernelLba() * DiskLayout.SECTOR, layout.kernelBytes());
                copyAt(ch, rootfs, layout.rootfsLba() * DiskLayout.SECTOR, layout.rootfsBytes());
                if (ch.size() < layout.totalBytes()) writeAt(ch, new byte[1], layout.totalBytes() - 1);
                ch.force(true);
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DiskImageException("cannot write the boot disk " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the rename took it, or the error above says what went wrong
            }
        }
        return layout;
    }

    private byte[] readLoader() throws DiskImageException {
        byte[] b;
        try {
            b = Files.readAllBytes(loader);
        } catch (IOException e) {
            throw new DiskImageException("cannot read the disk loader " + loader + ": run ./setup (make -C loader)", e);
        }
        if (b.length < 2 * DiskLayout.SECTOR || b.length % DiskLayout.SECTOR != 0
                || (b[510] & 0xff) != 0x55 || (b[511] & 0xff) != 0xaa) {
            throw new DiskImageException("the disk loader " + loader + " is not a boot sector plus stage 2 in whole sectors:"
                    + " rebuild it (make -C loader)");
        }
        for (int i = PARTITION_OFFSET; i < 510; i++) {
            if (b[i] != 0) throw new DiskImageException("the disk loader " + loader + " overlaps the partition table: rebuild it");
        }
        return b;
    }

    /** The loader takes ELF64 x86-64 only (loader/stage2.S); say so now rather than at boot. */
    private static void checkKernel(Path kernel) throws DiskImageException {
        byte[] h = new byte[20];
        try (InputStream in = Files.newInputStream(kernel)) {
            if (in.readNBytes(h, 0, h.length) != h.length) h[0] = 0;
        } catch (IOException e) {
            throw unreadable("kernel", kernel, e);
        }
        boolean elf = h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F';
        if (!elf || h[4] != 2 || (h[18] & 0xff) != 62 || h[19] != 0) {
            throw new DiskImageException("the kernel " + kernel + " is not an x86-64 ELF64 file; a boot disk needs the kernel's"
                    + " ELF (a PVH vmlinux or Ingot's kernel)");
        }
    }

    private static long size(Path p, String what) throws DiskImageException {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw unreadable(what, p, e);
        }
    }

    private static DiskImageException unreadable(String what, Path p, IOException e) {
        String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
        return new DiskImageException("cannot read the " + what + " " + p + ": " + why, e);
    }

    static void putPartition(byte[] mbr, long totalSectors) {
        ByteBuffer b = ByteBuffer.wrap(mbr).order(ByteOrder.LITTLE_ENDIAN);
        int p = PARTITION_OFFSET;
        b.put(p, (byte) 0x80);                       // active
        b.put(p + 1, (byte) 0xfe).put(p + 2, (byte) 0xff).put(p + 3, (byte) 0xff);   // CHS: "use LBA"
        b.put(p + 4, PARTITION_TYPE);
        b.put(p + 5, (byte) 0xfe).put(p + 6, (byte) 0xff).put(p + 7, (byte) 0xff);
        b.putInt(p + 8, (int) DiskLayout.HEADER_LBA);
        b.putInt(p + 12, (int) (totalSectors - DiskLayout.HEADER_LBA));
    }

    private static void writeAt(FileChannel ch, byte[] data, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) pos += ch.write(b, pos);
    }

    private static void copyAt(FileChannel ch, Path from, long pos, long bytes) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            long done = 0;
            while (done < bytes) {
                long n = in.transferTo(done, bytes - done, ch.position(pos + done));
                if (n <= 0) throw new IOException(from + " shrank while it was being copied");
                done += n;
            }
        }
    }
}
