package dev.ingot.core.image;

import dev.ingot.core.IngotException;
import dev.ingot.core.Version;
import dev.ingot.core.elf.ElfInfo;
import dev.ingot.core.elf.ElfInspector;
import dev.ingot.core.elf.LibraryResolver;
import dev.ingot.core.elf.ResolvedLibrary;
import dev.ingot.core.elf.TreeElfScanner;
import dev.ingot.core.java.AotTrainer;
import dev.ingot.core.java.JavaImagePlanner;
import dev.ingot.core.java.JavaLaunch;
import dev.ingot.core.java.RuntimeCache;
import dev.ingot.core.kernel.KernelArtifacts;
import dev.ingot.core.pkg.PackageLaunch;
import dev.ingot.core.rootfs.CpioWriter;
import dev.ingot.core.rootfs.RootfsLayout;
import dev.ingot.core.rootfs.RootfsPlanner;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.store.BlobStore;
import dev.ingot.core.store.Digest;
import dev.ingot.core.store.Staging;
import dev.ingot.core.util.Json;
import dev.ingot.core.util.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link Spec} into an {@link Image}: inspect the program, resolve
 * its libraries, find the kernel, plan the root file system, and key all of
 * it ({@link BuildKey}). A key the build cache knows answers at once with
 * its image; otherwise the rootfs is written as a blob (hashed as written),
 * the kernel added once by its indexed digest, and the manifest stored as a
 * blob. The caller holds the store lock shared (see dev.ingot.api.Ingot).
 */
public final class ImageBuilder {
    private final ImageStore store;
    private final KernelArtifacts kernels;
    private final Progress progress;

    public ImageBuilder(ImageStore store, KernelArtifacts kernels, Progress progress) {
        this.store = store;
        this.kernels = kernels;
        this.progress = progress;
    }

    /** The image and whether the build cache answered. */
    public record Result(Image image, boolean cached) {}

    public Result build(Spec requested) throws IngotException {
        if (requested.java() != null && requested.pkg() != null) {
            new PackageLaunch(store.home(), kernels, progress).checkJava(requested);
        }
        Spec spec = requested.java() != null ? javaLaunch(requested)
                : requested.pkg() != null ? new PackageLaunch(store.home(), kernels, progress).apply(requested) : requested;
        ElfInspector inspector = new ElfInspector();
        ElfInfo program = inspector.inspectProgram(spec.program());
        LibraryResolver resolver = LibraryResolver.forHost(libraryPath(spec));
        // A package's tree holds its program's whole closure (checked when the package was built).
        List<ResolvedLibrary> libraries = new ArrayList<>(spec.packageTree() != null ? List.of()
                : resolver.resolve(program, RootfsPlanner.programImagePath(spec)));
        libraries.addAll(treeLibraries(spec, libraries, inspector, resolver));
        Path kernel = kernels.kernel(spec.kernel());
        Path init = kernels.initShim(spec.kernel());
        RootfsLayout layout = new RootfsPlanner().plan(spec, libraries, init);
        RootfsLayout pkgLayout = spec.packageTree() == null ? null : new RootfsPlanner().planPackage(spec.packageTree());
        List<RootfsLayout> parts = pkgLayout == null ? List.of(layout) : List.of(pkgLayout, layout);
        ImageManifest.Run run = run(spec);
        ImageManifest.Program prog = program(spec, program, libraries);
        BlobStore blobs = store.blobs();
        try (Staging staging = store.staging()) {
            Digest kernelDigest = store.index().digest(kernel, staging);
            Digest key = BuildKey.of(spec.name(), parts, kernelDigest, run, prog, store.index(), staging);
            Optional<Digest> hit = store.cache().get(key);
            if (hit.isPresent() && blobs.has(hit.get())) {
                Image image = store.load(hit.get());
                if (blobs.has(image.manifest().kernel().digest()) && blobs.has(image.manifest().rootfs().digest())
                        && image.manifest().packages().stream().allMatch(p -> blobs.has(p.digest()))) {
                    return new Result(image, true);
                }
            }
            progress.step("building image " + spec.name());
            List<ImageManifest.Part> packages = new ArrayList<>();
            if (pkgLayout != null) {
                // Byte-equal for every image of this package: the store keeps one copy.
                BlobStore.Stored pkg = writeCpio(blobs, staging, pkgLayout);
                packages.add(new ImageManifest.Part(pkg.digest(), pkg.size()));
            }
            BlobStore.Stored rootfs = writeCpio(blobs, staging, layout);
            BlobStore.Stored kernelBlob = blobs.importFile(staging, kernel, kernelDigest);
            ImageManifest manifest = ImageManifest.of(spec.name(), Instant.now().truncatedTo(ChronoUnit.SECONDS), Version.VERSION,
                    run, new ImageManifest.Part(kernelBlob.digest(), kernelBlob.size()),
                    new ImageManifest.Part(rootfs.digest(), rootfs.size()), packages, prog);
            Digest id = blobs.writeBytes(staging, Json.bytes(manifest)).digest();
            store.cache().put(key, id, staging);
            progress.done();
            return new Result(store.load(id), false);
        } catch (IOException e) {
            throw new IngotException("cannot write image " + spec.name() + " under " + store.home().root() + ": "
                    + e.getMessage());
        }
    }

    private static BlobStore.Stored writeCpio(BlobStore blobs, Staging staging, RootfsLayout layout) throws IOException {
        return blobs.write(staging, out -> {
            try {
                new CpioWriter().write(layout, out);
            } catch (IngotException e) {
                throw new IOException(e.getMessage(), e);
            }
        });
    }

    /** A Java application becomes its linked runtime's bin/java with the runtime and the app laid out beside it. */
    private Spec javaLaunch(Spec spec) throws IngotException {
        JavaLaunch launch = new JavaImagePlanner(new RuntimeCache(kernels.cacheDir(), progress),
                new AotTrainer(kernels.cacheDir(), progress))
                .plan(spec.java(), spec.args(), spec.memoryBytes(), spec.cpus());
        return spec.withLaunch(launch.launcher(), launch.args(), launch.files());
    }

    /**
     * Libraries that ELF files inside copied folders need (what the program
     * dlopens). A missing one is a warning: the program may never load the plugin that needs it.
     */
    private List<ResolvedLibrary> treeLibraries(Spec spec, List<ResolvedLibrary> programLibraries,
                                                ElfInspector inspector, LibraryResolver resolver) throws IngotException {
        TreeElfScanner.Found trees = new TreeElfScanner(inspector).scan(spec.files());
        if (trees.objects().isEmpty()) return List.of();
        Set<String> provided = new HashSet<>(trees.fileNames());
        for (ResolvedLibrary l : programLibraries) provided.add(l.name());
        LibraryResolver.Extra extra = resolver.resolveExtra(trees.objects(), provided);
        for (String m : extra.missing()) progress.info("note: library " + m + " is not on this host; code that loads it will fail");
        return extra.libraries();
    }

    private static ImageManifest.Run run(Spec spec) {
        List<String> argv = new ArrayList<>();
        argv.add(RootfsPlanner.programImagePath(spec));
        argv.addAll(spec.args());
        return new ImageManifest.Run(spec.kernel(), argv, spec.env(), spec.ports(), spec.memoryBytes(), spec.cpus());
    }

    private static ImageManifest.Program program(Spec spec, ElfInfo program, List<ResolvedLibrary> libraries) {
        return new ImageManifest.Program(spec.program().toAbsolutePath().toString(), RootfsPlanner.programImagePath(spec),
                program.kind(), program.interpreter(),
                libraries.stream().map(l -> new ImageManifest.Library(l.imagePath(), l.hostPath().toString())).toList());
    }

    private static List<String> libraryPath(Spec spec) {
        List<String> dirs = new ArrayList<>();
        for (String value : new String[]{spec.env().get("LD_LIBRARY_PATH"), System.getenv("LD_LIBRARY_PATH")}) {
            if (value == null) continue;
            for (String d : value.split(":")) if (!d.isEmpty()) dirs.add(d);
        }
        return dirs;
    }
}
