package dev.ingot.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * buildcache/KEY: the digest of a build's inputs (see
 * {@link dev.ingot.core.image.BuildKey}) mapped to the manifest digest the
 * build made, so the same inputs skip the build. Entries keep their images
 * alive for `ingot prune`; `ingot prune --all` forgets them.
 */
public final class BuildCache {
    private final Path root;

    public BuildCache(Path cacheRoot) {
        this.root = cacheRoot;
    }

    public Optional<Digest> get(Digest key) {
        try {
            return Optional.of(Digest.parse(Files.readString(root.resolve(key.hex()), StandardCharsets.UTF_8).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // a damaged entry is a miss; the rebuild replaces it
        }
    }

    public void put(Digest key, Digest manifest, Staging staging) throws IOException {
        staging.writeAtomically(root.resolve(key.hex()), (manifest + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Every manifest digest an entry names. */
    public List<Digest> values() throws IOException {
        List<Digest> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
            for (Path f : files) {
                if (Digest.looksLike(f.getFileName().toString())) get(new Digest(f.getFileName().toString())).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Forgets the entries that name one of these manifests (or all, when null). */
    public int forget(java.util.Set<Digest> manifests) throws IOException {
        int n = 0;
        if (!Files.isDirectory(root)) return 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
            for (Path f : files) {
                if (!Digest.looksLike(f.getFileName().toString())) continue;
                Optional<Digest> m = get(new Digest(f.getFileName().toString()));
                if (manifests == null || m.isEmpty() || manifests.contains(m.get())) {
                    Files.deleteIfExists(f);
                    n++;
                }
            }
        }
        return n;
    }
}
