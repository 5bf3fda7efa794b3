package dev.ingot.core.image;

import java.nio.file.Path;

/** A built image on disk: its folder and its manifest. */
public record Image(Path dir, ImageManifest manifest) {
    public Path kernel() {
        return dir.resolve(manifest.kernel().file());
    }

    public Path rootfs() {
        return dir.resolve(manifest.rootfs().file());
    }

    public long totalSize() {
        return manifest.kernel().size() + manifest.rootfs().size();
    }
}
