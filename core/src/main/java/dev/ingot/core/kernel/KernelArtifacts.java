package dev.ingot.core.kernel;

import dev.ingot.core.IngotException;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.util.ExternalCommand;
import dev.ingot.core.util.IngotHome;
import dev.ingot.core.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Finds, and builds on first use, the guest-side parts an image needs:
 * the Linux kernel (built once from Debian's linux-source and cached by
 * version and config hash, see linux/build-kernel.sh), the init shim, and
 * Ingot's own kernel. They live in the Ingot distribution (the checkout
 * bin/ingot runs from), named by the system property ingot.dist.
 */
public final class KernelArtifacts {
    private final Path dist;
    private final IngotHome home;
    private final Progress progress;

    public KernelArtifacts(Path dist, IngotHome home, Progress progress) {
        this.dist = dist;
        this.home = home;
        this.progress = progress;
    }

    public static Path distFromEnvironment() throws IngotException {
        String d = System.getProperty("ingot.dist", System.getenv("INGOT_DIST"));
        if (d == null || !Files.isDirectory(Path.of(d, "linux"))) {
            throw new IngotException("cannot find Ingot's kernels (ingot.dist is " + d + "): run Ingot through bin/ingot");
        }
        return Path.of(d).toAbsolutePath();
    }

    /** Ingot's own folder (kernels, the init shim, packages/ recipes). */
    public Path dist() {
        return dist;
    }

    /** The shared build cache (kernels, Java runtimes). */
    public Path cacheDir() {
        return home.cache();
    }

    /** The kernel file for an image of this kind. */
    public Path kernel(KernelKind kind) throws IngotException {
        return switch (kind) {
            case LINUX -> linuxKernel();
            case NATIVE -> nativeKernel();
        };
    }

    /** The init shim a Linux image carries at /init; null for the native kernel, which needs none. */
    public Path initShim(KernelKind kind) throws IngotException {
        if (kind != KernelKind.LINUX) return null;
        Path shim = dist.resolve("linux/init/build/ingot-init");
        if (!Files.isRegularFile(shim)) {
            make(dist.resolve("linux/init"), "building the init shim");
        }
        return requireFile(shim, "the init shim");
    }

    /** Ingot's disk loader (loader/: boot sector + stage 2), which a boot disk starts with. */
    public Path diskLoader() throws IngotException {
        Path loader = dist.resolve("loader/build/ingot-loader.bin");
        if (!Files.isRegularFile(loader)) {
            make(dist.resolve("loader"), "building the disk loader");
        }
        return requireFile(loader, "the disk loader");
    }

    private Path linuxKernel() throws IngotException {
        Path script = dist.resolve("linux/build-kernel.sh");
        // The script answers at once with the cached path when the kernel is built; only the
        // first run compiles (minutes), so only then is there progress to show.
        boolean[] building = {false};
        List<String> out = ExternalCommand.run(List.of("bash", script.toString()), dist,
                Map.of("INGOT_HOME", home.root().toString(), "INGOT_CACHE", home.cache().toString()), line -> {
                    if (!building[0]) {
                        building[0] = true;
                        progress.step("building the Linux kernel (once; a few minutes)");
                    }
                    progress.detail(line);
                }, "building the Linux kernel");
        if (building[0]) progress.done();
        if (out.isEmpty()) throw new IngotException("building the Linux kernel failed: the build script printed no path");
        return compacted(requireFile(Path.of(out.getLast().trim()), "the Linux kernel"));
    }

    /**
     * The built vmlinux without its 2 MiB alignment padding ({@link ElfCompactor}): made once,
     * beside it in the build cache, and named after the compactor's version so that a change
     * to the compactor makes a new one. Written under a temporary name and renamed into place.
     */
    private static Path compacted(Path vmlinux) throws IngotException {
        Path target = vmlinux.resolveSibling(vmlinux.getFileName() + ".compact-v" + ElfCompactor.VERSION);
        if (Files.isRegularFile(target)) return target;
        Path tmp = null;
        try {
            byte[] compact = ElfCompactor.compact(Files.readAllBytes(vmlinux));
            tmp = Files.createTempFile(vmlinux.getParent(), ".compact-", ".tmp");
            Files.write(tmp, compact);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--")); // as the vmlinux beside it
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException | IllegalArgumentException e) {
            throw new IngotException("cannot strip the padding of the Linux kernel " + vmlinux + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // only a leftover temporary file in the build cache
                }
            }
        }
    }

    private Path nativeKernel() throws IngotException {
        Path kernel = dist.resolve("kernel/build/ingot-kernel");
        if (!Files.isRegularFile(kernel)) {
            make(dist.resolve("kernel"), "building Ingot's kernel");
        }
        return requireFile(kernel, "Ingot's kernel");
    }

    private void make(Path dir, String what) throws IngotException {
        progress.step(what);
        ExternalCommand.run(List.of("make", "-C", dir.toString()), dist, Map.of(), progress::detail, what);
        progress.done();
    }

    private static Path requireFile(Path p, String what) throws IngotException {
        if (!Files.isRegularFile(p)) throw new IngotException(what + " is missing at " + p + ": run ./setup");
        return p;
    }
}
