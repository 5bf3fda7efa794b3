package dev.ingot.core.image;

import dev.ingot.core.store.Digest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored image: its ID (the manifest's digest), the manifest, and where
 * its parts are in the blob store. Immutable: nothing changes an image once
 * stored, a rebuild makes another.
 *
 * @param packages the package parts' blobs, booted before rootfs (empty for most images)
 */
public record Image(Digest digest, ImageManifest manifest, Path kernel, Path rootfs, List<Path> packages) {
    public Image {
        packages = List.copyOf(packages);
    }

    public Image(Digest digest, ImageManifest manifest, Path kernel, Path rootfs) {
        this(digest, manifest, kernel, rootfs, List.of());
    }

    /** The cpio archives the guest unpacks, in order: the packages', then the image's own. */
    public List<Path> rootfsParts() {
        List<Path> all = new ArrayList<>(packages);
        all.add(rootfs);
        return all;
    }

    public long totalSize() {
        return manifest.totalSize();
    }
}
