package dev.ingot.core.pkg;

import dev.ingot.core.DamagedFileException;
import dev.ingot.core.IngotException;
import dev.ingot.core.NotFoundException;
import dev.ingot.core.util.Json;
import dev.ingot.core.util.Progress;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Built packages under INGOT_HOME/packages/NAME/VERSION/ (tree/ and
 * package.json), immutable once there: a build happens in
 * packages/.staging/ and is renamed into place whole, so a reader sees a
 * complete package or none. Images copy from the tree, so every image of
 * python:3.11 uses the same files, built once.
 */
public final class PackageStore {
    private final Path root;
    private final Path cache;
    private final Recipes recipes;
    private final Progress progress;

    public PackageStore(Path home, Path cache, Path dist, Progress progress) {
        this.root = home.resolve("packages");
        this.cache = cache;
        this.recipes = new Recipes(dist.resolve("packages"));
        this.progress = progress;
    }

    public Recipes recipes() {
        return recipes;
    }

    /** A built package: its tree on the host and its manifest. */
    public record Package(Path tree, PackageManifest manifest) {
        public Path program() {
            return tree.resolve(manifest.program().substring(1));
        }
    }

    public Path folder(Recipes.Resolved r) {
        return root.resolve(r.recipe().name()).resolve(r.version().version());
    }

    /** The package if it is built. */
    public Optional<Package> find(Recipes.Resolved r) throws IngotException {
        Path dir = folder(r);
        Path manifest = dir.resolve(PackageManifest.FILE);
        if (!Files.isRegularFile(manifest)) return Optional.empty();
        try {
            return Optional.of(new Package(dir.resolve("tree"), Json.read(manifest, PackageManifest.class, "package manifest")));
        } catch (DamagedFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IngotException("cannot read " + manifest + ": " + e.getMessage());
        }
    }

    /** The package, built first if it is not yet. */
    public Package get(Recipes.Resolved r) throws IngotException {
        Optional<Package> built = find(r);
        if (built.isPresent()) return built.get();
        if (r.recipe().isJava()) throw new IngotException("package " + r.label() + " is the Java runtime: run a jar with --pkg java app.jar");
        progress.step("building package " + r.label() + " from Debian's packages");
        Path staging;
        try {
            Files.createDirectories(root.resolve(".staging"));
            staging = Files.createTempDirectory(root.resolve(".staging"), r.recipe().name() + "-");
        } catch (IOException e) {
            throw new IngotException("cannot write under " + root + ": " + e.getMessage());
        }
        try {
            PackageManifest m = new PackageBuilder(cache, progress).build(r, staging);
            Files.write(staging.resolve(PackageManifest.FILE), Json.bytes(m));
            Path dest = folder(r);
            Files.createDirectories(dest.getParent());
            try {
                Files.move(staging, dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException raced) {
                // another build finished first: its package is the same, keep it
            }
            progress.done();
            return find(r).orElseThrow(() -> new IngotException("package " + r.label() + " vanished from " + dest));
        } catch (IOException e) {
            throw new IngotException("cannot store package " + r.label() + " in " + root + ": " + e.getMessage());
        } finally {
            Trees.deleteQuietly(staging);
        }
    }

    /** Removes a built package; images already built keep their copy of its files. */
    public void remove(Recipes.Resolved r) throws IngotException {
        Path dir = folder(r);
        if (!Files.isDirectory(dir)) throw new NotFoundException("package " + r.label() + " is not built (ingot pkg list)");
        try {
            // Rename first, so a reader never sees a half-removed package.
            Files.createDirectories(root.resolve(".staging"));
            Path gone = Files.createTempDirectory(root.resolve(".staging"), "rm-");
            Files.move(dir, gone.resolve("p"), StandardCopyOption.ATOMIC_MOVE);
            Trees.delete(gone);
        } catch (IOException e) {
            throw new IngotException("cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
