package dev.ingot.core.util;

import java.nio.file.Path;

/**
 * Where Ingot keeps its state: $INGOT_HOME, else ~/.ingot. The layout is
 * described in docs/images.md: blobs/, tags/, buildcache/, disks/, index/,
 * staging/, instances/ and the shared build cache/.
 */
public record IngotHome(Path root) {

    public static IngotHome fromEnvironment() {
        String env = System.getenv("INGOT_HOME");
        if (env != null && !env.isBlank()) return new IngotHome(Path.of(env).toAbsolutePath());
        return new IngotHome(Path.of(System.getProperty("user.home"), ".ingot"));
    }

    /** Every image part by digest: blobs/sha256/HEX. */
    public Path blobs() {
        return root.resolve("blobs");
    }

    /** Image names: tags/NAME/TAG holding a manifest digest. */
    public Path tags() {
        return root.resolve("tags");
    }

    /** Build inputs digest → manifest digest. */
    public Path buildCache() {
        return root.resolve("buildcache");
    }

    /** Boot disks made from images: disks/MANIFEST-HEX/VARIANT-HEX holding a disk blob's digest. */
    public Path disks() {
        return root.resolve("disks");
    }

    /** Host file stat → content digest, so unchanged files are not hashed again. */
    public Path fileIndex() {
        return root.resolve("index");
    }

    /** Per-process scratch folders for writes in progress. */
    public Path staging() {
        return root.resolve("staging");
    }

    /** Held shared by builds and exclusive by garbage collection. */
    public Path storeLock() {
        return root.resolve("store.lock");
    }

    public Path instances() {
        return root.resolve("instances");
    }

    /** Services of `ingot serve`: services/NAME with service.json, status.json and supervisor.log. */
    public Path services() {
        return root.resolve("services");
    }

    /** Named disks that outlive instances: volumes/NAME/{disk.raw,volume.json} (docs/volumes.md). */
    public Path volumes() {
        return root.resolve("volumes");
    }

    /**
     * Build products shared by everything (the Linux kernel, lwIP sources):
     * $INGOT_CACHE, else cache/ under the home. Tests give each run its own
     * home but share one cache, so the kernel is built once.
     */
    public Path cache() {
        String env = System.getenv("INGOT_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath();
        return root.resolve("cache");
    }
}
