package dev.ingot.core.image;

import dev.ingot.core.store.Digest;

import java.nio.file.Path;

/**
 * A stored image: its ID (the manifest's digest), the manifest, and where
 * its parts are in the blob store. Immutable: nothing changes an image once
 * stored, a rebuild makes another.
 */
public record Image(Digest digest, ImageManifest manifest, Path kernel, Path rootfs) {
    public long totalSize() {
        return manifest.totalSize();
    }
}
