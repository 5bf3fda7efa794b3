package dev.ingot.core.disk;

import dev.ingot.core.IngotException;
import dev.ingot.core.image.BootRootfs;
import dev.ingot.core.image.Image;
import dev.ingot.core.image.ImageStore;
import dev.ingot.core.store.BlobStore;
import dev.ingot.core.store.Digest;
import dev.ingot.core.store.Staging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An image's raw boot disk (loader + header + kernel + rootfs, docs/disk.md),
 * made once and kept in the store: the disk is a blob, and disks/ names it
 * beside the image's manifest (docs/images.md, "Boot disks"). The same image
 * with the same loader and kernel command line gets the same disk back.
 *
 * The caller holds the store lock shared, as for any blob it adds, until
 * the disk entry names the blob.
 */
public final class BootDisks {
    private final ImageStore store;
    private final Path loader;

    /** @param loader the loader binary ({@code KernelArtifacts.diskLoader()}) */
    public BootDisks(ImageStore store, Path loader) {
        this.store = store;
        this.loader = loader;
    }

    /** A made (or found) disk: its blob and the layout it has. */
    public record Disk(Path path, Digest digest, long size, boolean cached) {}

    /** The image's boot disk with this kernel command line; written on first use. */
    public Disk diskFor(Image image, String cmdline) throws IngotException {
        Digest variant = variant(cmdline);
        Optional<Digest> known = store.disks().get(image.digest(), variant);
        if (known.isPresent() && store.blobs().has(known.get())) {
            Path p = store.blobs().path(known.get());
            return new Disk(p, known.get(), p.toFile().length(), true);
        }
        try (Staging staging = store.staging()) {
            Path tmp = staging.newFile("disk");
            Path rootfs = image.rootfs();
            if (BootRootfs.needsJoining(image)) { // the disk has one rootfs slot: packages, then the image's own
                rootfs = staging.newFile("rootfs");
                BootRootfs.join(image, rootfs);
            }
            new DiskImageWriter(loader).write(image.kernel(), rootfs, cmdline, tmp);
            BlobStore.Stored disk = store.blobs().adopt(tmp);
            store.disks().put(image.digest(), variant, disk.digest(), staging);
            return new Disk(store.blobs().path(disk.digest()), disk.digest(), disk.size(), false);
        } catch (IOException e) {
            throw new DiskImageException("cannot store the boot disk of " + image.digest() + " under "
                    + store.home().root() + ": " + e.getMessage(), e);
        }
    }

    /** What else goes into a disk besides the image: the loader's bytes and the command line. */
    private Digest variant(String cmdline) throws DiskImageException {
        byte[] l;
        try {
            l = Files.readAllBytes(loader);
        } catch (IOException e) {
            throw new DiskImageException("cannot read the disk loader " + loader + ": run ./setup (make -C loader)", e);
        }
        String key = "loader " + Digest.of(l) + "\ncmdline " + cmdline + "\n";
        return Digest.of(key.getBytes(StandardCharsets.UTF_8));
    }
}
