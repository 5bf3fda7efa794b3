package dev.ingot.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeMap;

/**
 * tags/NAME/TAG: one small file per tag holding the digest of the image
 * manifest it names. Moving a tag is one atomic rename, so a reader sees
 * the old image or the new one; instances keep the digest they booted, so
 * moving or removing a tag never touches them.
 */
public final class TagStore {
    private final Path root;

    public TagStore(Path tagsRoot) {
        this.root = tagsRoot;
    }

    private Path file(ImageRef ref) {
        return root.resolve(ref.name()).resolve(ref.tag());
    }

    public Optional<Digest> get(ImageRef ref) throws IOException {
        try {
            return Optional.of(Digest.parse(Files.readString(file(ref), StandardCharsets.UTF_8).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new IOException("tag file " + file(ref) + " is damaged: " + e.getMessage());
        }
    }

    public void set(ImageRef ref, Digest digest, Staging staging) throws IOException {
        staging.writeAtomically(file(ref), (digest + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** @return true if the tag existed */
    public boolean remove(ImageRef ref) throws IOException {
        boolean existed = Files.deleteIfExists(file(ref));
        try {
            Files.deleteIfExists(root.resolve(ref.name())); // only when no other tag of the name is left
        } catch (java.nio.file.DirectoryNotEmptyException ignored) {
            // other tags of this name remain
        }
        return existed;
    }

    /** Every tag, sorted by name then tag. */
    public TreeMap<String, Digest> list() throws IOException {
        TreeMap<String, Digest> out = new TreeMap<>();
        if (!Files.isDirectory(root)) return out;
        try (DirectoryStream<Path> names = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path n : names) {
                try (DirectoryStream<Path> tags = Files.newDirectoryStream(n, Files::isRegularFile)) {
                    for (Path t : tags) {
                        ImageRef ref = new ImageRef(n.getFileName().toString(), t.getFileName().toString());
                        get(ref).ifPresent(d -> out.put(ref.toString(), d));
                    }
                }
            }
        }
        return out;
    }
}
