package dev.ingot.core.rootfs;

import dev.ingot.core.IngotException;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Writes a {@link RootfsLayout} as a cpio "newc" archive, the format both
 * kernels unpack (docs/boot-protocol.md). Reproducible by construction:
 * entries in path order, mtime 0, uid/gid 0, inode numbers by position.
 */
public final class CpioWriter {
    /** File type bits of st_mode (Linux include/uapi/linux/stat.h). */
    private static final int S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000;

    public void write(RootfsLayout layout, OutputStream out) throws IngotException {
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW, 512,
                StandardCharsets.UTF_8.name())) {
            long inode = 1;
            for (RootfsEntry e : layout.entries()) {
                String name = e.path().equals("/") ? "." : e.path().substring(1);
                byte[] data = bytes(e);
                CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name);
                entry.setMode(typeBits(e) | (e.mode() & 07777));
                entry.setInode(inode++);
                entry.setDeviceMaj(0);
                entry.setDeviceMin(0);
                entry.setTime(0);
                entry.setUID(0);
                entry.setGID(0);
                entry.setNumberOfLinks(e instanceof RootfsEntry.Directory ? 2 : 1);
                entry.setSize(data.length);
                cpio.putArchiveEntry(entry);
                cpio.write(data);
                cpio.closeArchiveEntry();
            }
            cpio.finish();
        } catch (IOException e) {
            throw new IngotException("cannot write the image's root file system: " + e.getMessage(), e);
        }
    }

    private static int typeBits(RootfsEntry e) {
        return switch (e) {
            case RootfsEntry.Directory d -> S_IFDIR;
            case RootfsEntry.Symlink s -> S_IFLNK;
            default -> S_IFREG;
        };
    }

    private static byte[] bytes(RootfsEntry e) throws IOException {
        return switch (e) {
            case RootfsEntry.HostFile f -> Files.readAllBytes(f.source());
            case RootfsEntry.Content c -> c.bytes();
            case RootfsEntry.Symlink s -> s.target().getBytes(StandardCharsets.UTF_8);
            case RootfsEntry.Directory d -> new byte[0];
        };
    }
}
