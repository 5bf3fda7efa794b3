package dev.ingot.core.image;

import dev.ingot.core.IngotException;
import dev.ingot.core.Version;
import dev.ingot.core.elf.ElfInfo;
import dev.ingot.core.elf.ElfInspector;
import dev.ingot.core.elf.LibraryResolver;
import dev.ingot.core.elf.ResolvedLibrary;
import dev.ingot.core.elf.TreeElfScanner;
import dev.ingot.core.java.JavaImagePlanner;
import dev.ingot.core.java.JavaLaunch;
import dev.ingot.core.java.RuntimeCache;
import dev.ingot.core.kernel.KernelArtifacts;
import dev.ingot.core.rootfs.CpioWriter;
import dev.ingot.core.rootfs.RootfsLayout;
import dev.ingot.core.rootfs.RootfsPlanner;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.util.Hashing;
import dev.ingot.core.util.Progress;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Spec} into an {@link Image}: inspect the program, resolve its
 * libraries, get the kernel, lay out and write the root file system, then
 * store kernel + rootfs + manifest under images/NAME.
 */
public final class ImageBuilder {
    static final String KERNEL_FILE = "kernel";
    static final String ROOTFS_FILE = "rootfs.cpio";

    private final ImageStore store;
    private final KernelArtifacts kernels;
    private final Progress progress;

    public ImageBuilder(ImageStore store, KernelArtifacts kernels, Progress progress) {
        this.store = store;
        this.kernels = kernels;
        this.progress = progress;
    }

    public Image build(Spec requested) throws IngotException {
        Spec spec = requested.java() != null ? javaLaunch(requested) : requested;
        ElfInspector inspector = new ElfInspector();
        ElfInfo program = inspector.inspectProgram(spec.program());
        LibraryResolver resolver = LibraryResolver.forHost(libraryPath(spec));
        List<ResolvedLibrary> libraries = new ArrayList<>(resolver.resolve(program, RootfsPlanner.programImagePath(spec)));
        libraries.addAll(treeLibraries(spec, libraries, inspector, resolver));
        Path kernel = kernels.kernel(spec.kernel());
        Path init = kernels.initShim(spec.kernel());

        progress.step("building image " + spec.name());
        RootfsLayout layout = new RootfsPlanner().plan(spec, libraries, init);
        Path staging = store.newStaging(spec.name());
        try {
            Path rootfs = staging.resolve(ROOTFS_FILE);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(rootfs), 1 << 16)) {
                new CpioWriter().write(layout, out);
            }
            Files.copy(kernel, staging.resolve(KERNEL_FILE), StandardCopyOption.REPLACE_EXISTING);
            ImageManifest manifest = manifest(spec, program, libraries, staging);
            Image image = store.commit(staging, manifest);
            progress.done();
            return image;
        } catch (IOException e) {
            store.discard(staging);
            throw new IngotException("cannot write image " + spec.name() + ": " + e.getMessage());
        } catch (IngotException | RuntimeException e) {
            store.discard(staging);
            throw e;
        }
    }

    /** A Java application becomes its linked runtime's bin/java with the runtime and the app laid out beside it. */
    private Spec javaLaunch(Spec spec) throws IngotException {
        JavaLaunch launch = new JavaImagePlanner(new RuntimeCache(kernels.cacheDir(), progress))
                .plan(spec.java(), spec.args(), spec.memoryBytes());
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

    private static List<String> libraryPath(Spec spec) {
        List<String> dirs = new ArrayList<>();
        for (String value : new String[]{spec.env().get("LD_LIBRARY_PATH"), System.getenv("LD_LIBRARY_PATH")}) {
            if (value == null) continue;
            for (String d : value.split(":")) if (!d.isEmpty()) dirs.add(d);
        }
        return dirs;
    }

    private static ImageManifest manifest(Spec spec, ElfInfo program, List<ResolvedLibrary> libraries, Path dir)
            throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(RootfsPlanner.programImagePath(spec));
        argv.addAll(spec.args());
        ImageManifest.Run run = new ImageManifest.Run(spec.kernel().id(), argv, Map.copyOf(spec.env()),
                spec.ports().stream().map(PortForward::toString).toList(), spec.memoryBytes(), spec.cpus());
        ImageManifest.Program prog = new ImageManifest.Program(spec.program().toAbsolutePath().toString(),
                RootfsPlanner.programImagePath(spec), program.kind().id(), program.interpreter(),
                libraries.stream().map(l -> l.imagePath() + " <- " + l.hostPath()).toList());
        return new ImageManifest(ImageManifest.FORMAT_VERSION, spec.name(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Version.VERSION, run,
                part(dir, KERNEL_FILE), part(dir, ROOTFS_FILE), prog);
    }

    private static ImageManifest.Part part(Path dir, String file) throws IOException {
        Path p = dir.resolve(file);
        return new ImageManifest.Part(file, Files.size(p), Hashing.sha256(p));
    }
}
