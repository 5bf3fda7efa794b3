package dev.ingot.core.image;

import dev.ingot.core.IngotException;
import dev.ingot.core.util.Json;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Images on disk: images/NAME/{kernel, rootfs.cpio, manifest.json}.
 * A new image is written into a temporary folder and moved into place, so a
 * failed or interrupted build never leaves a half image under a real name.
 */
public final class ImageStore {
    static final String MANIFEST = "manifest.json";
    private final Path root;

    public ImageStore(Path root) {
        this.root = root;
    }

    public Path newStaging(String name) throws IngotException {
        try {
            Files.createDirectories(root);
            return Files.createTempDirectory(root, "." + name + ".staging-");
        } catch (IOException e) {
            throw new IngotException("cannot write images under " + root + ": " + e.getMessage());
        }
    }

    /** Replaces the image NAME with the staged folder. */
    public Image commit(Path staging, ImageManifest manifest) throws IngotException {
        Path target = root.resolve(manifest.name());
        try {
            Json.MAPPER.writeValue(staging.resolve(MANIFEST).toFile(), manifest);
            Path old = null;
            if (Files.exists(target)) {
                old = root.resolve("." + manifest.name() + ".old-" + ProcessHandle.current().pid());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target);
            }
            if (old != null) deleteTree(old);
            return new Image(target, manifest);
        } catch (IOException e) {
            throw new IngotException("cannot store image " + manifest.name() + ": " + e.getMessage());
        }
    }

    public void discard(Path staging) {
        try {
            deleteTree(staging);
        } catch (IOException ignored) {
            // best effort: a leftover staging folder is hidden and harmless
        }
    }

    public Image get(String name) throws IngotException {
        Path dir = root.resolve(name);
        Path manifest = dir.resolve(MANIFEST);
        if (name.contains("/") || !Files.isRegularFile(manifest)) {
            throw new IngotException("image not found: " + name + " (see ingot images)");
        }
        try {
            return new Image(dir, Json.MAPPER.readValue(manifest.toFile(), ImageManifest.class));
        } catch (IOException e) {
            throw new IngotException("image " + name + " is damaged (" + e.getMessage() + "): rebuild it");
        }
    }

    public boolean exists(String name) {
        return Files.isRegularFile(root.resolve(name).resolve(MANIFEST));
    }

    public List<Image> list() throws IngotException {
        List<Image> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, p -> !p.getFileName().toString().startsWith("."))) {
            for (Path d : dirs) {
                if (Files.isRegularFile(d.resolve(MANIFEST))) out.add(get(d.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new IngotException("cannot list images in " + root + ": " + e.getMessage());
        }
        out.sort(Comparator.comparing(i -> i.manifest().name()));
        return out;
    }

    public void remove(String name) throws IngotException {
        Image image = get(name);
        try {
            deleteTree(image.dir());
        } catch (IOException e) {
            throw new IngotException("cannot remove image " + name + ": " + e.getMessage());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
