package dev.ingot.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * disks/MANIFEST/VARIANT: the boot disks made from an image, so each is
 * written once. A manifest is immutable (its digest is the image's ID), so
 * a disk made later cannot be added to it; this cache names the disk blob
 * beside it instead. VARIANT is the digest of what else went into the disk
 * (the loader, the kernel command line), as a disk for `--trace` or for KVM
 * differs from the default one. A disk lives exactly as long as its image:
 * garbage collection keeps the entries of live manifests and their blobs,
 * and removes the rest.
 */
public final class DiskCache {
    private final Path root;

    public DiskCache(Path disksRoot) {
        this.root = disksRoot;
    }

    private Path entry(Digest manifest, Digest variant) {
        return root.resolve(manifest.hex()).resolve(variant.hex());
    }

    public Optional<Digest> get(Digest manifest, Digest variant) {
        try {
            return Optional.of(Digest.parse(Files.readString(entry(manifest, variant), StandardCharsets.UTF_8).trim()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // absent or damaged: a miss, and the disk is written again
        }
    }

    public void put(Digest manifest, Digest variant, Digest disk, Staging staging) throws IOException {
        staging.writeAtomically(entry(manifest, variant), (disk + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The disk blobs made from this manifest. */
    public List<Digest> disksOf(Digest manifest) throws IOException {
        List<Digest> out = new ArrayList<>();
        Path dir = root.resolve(manifest.hex());
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Digest.looksLike(name)) get(manifest, new Digest(name)).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Removes the entries of every manifest not in {@code live}. Caller holds the store lock exclusively. */
    public void forgetAllBut(Set<Digest> live) throws IOException {
        if (!Files.isDirectory(root)) return;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (Digest.looksLike(name) && live.contains(new Digest(name))) continue;
                Staging.deleteQuietly(dir);
            }
        }
    }
}
