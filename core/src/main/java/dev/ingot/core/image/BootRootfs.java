package dev.ingot.core.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one file a guest boots as its rootfs. QEMU takes a single -initrd (and
 * a boot disk has one rootfs slot), so an image with package parts boots
 * them and its own rootfs written one after another: both kernels read
 * concatenated newc archives as one tree, a later entry replacing an
 * earlier one. An image without packages boots its rootfs blob itself.
 */
public final class BootRootfs {
    /** The file `ingot run --dry-run` tells the user to write the parts into. */
    public static final String PASTE_NAME = "ingot-rootfs.cpio";

    private BootRootfs() {
    }

    public static boolean needsJoining(Image image) {
        return !image.packages().isEmpty();
    }

    /** Writes the image's rootfs parts, in boot order, to out (created, or emptied first). */
    public static void join(Image image, Path out) throws IOException {
        try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (Path part : image.rootfsParts()) {
                try (FileChannel in = FileChannel.open(part)) {
                    long size = in.size();
                    for (long pos = 0; pos < size; ) pos += in.transferTo(pos, size - pos, o);
                }
            }
        }
    }
}
