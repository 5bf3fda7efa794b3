package dev.ingot.core.elf;

import dev.ingot.core.IngotException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes the closure of DT_NEEDED libraries the way glibc's ld.so searches
 * (ld.so(8), "the dynamic linker searches in this order"):
 * <ol>
 * <li>a name with a slash is a path;</li>
 * <li>DT_RPATH of the requesting object, then of the executable, if the
 *     requester has no DT_RUNPATH;</li>
 * <li>LD_LIBRARY_PATH;</li>
 * <li>DT_RUNPATH of the requesting object (its direct needs only);</li>
 * <li>/etc/ld.so.cache;</li>
 * <li>the default directories.</li>
 * </ol>
 * $ORIGIN expands to the requesting object's directory, $LIB and $PLATFORM
 * as the host's ld.so expands them (see {@link DynamicStringTokens}). Candidates that are
 * not x86-64 ELF files are skipped, as ld.so skips incompatible libraries.
 * Libraries are placed in the image at the path the guest's ld.so will find
 * them: the same path as on the host, or under the program's image folder for
 * $ORIGIN-relative finds.
 */
public final class LibraryResolver {
    /** glibc's default search path on Debian x86-64 (multiarch first, then the generic dirs). */
    public static final List<String> DEFAULT_DIRS = List.of(
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib");

    private static final String LIBGCC_S = "libgcc_s.so.1";
    private final ElfInspector inspector;
    private final LdSoCache cache;
    private final List<String> libraryPath;
    private final Path root;

    /**
     * @param libraryPath LD_LIBRARY_PATH entries to honour
     * @param root        the file system root to resolve absolute paths under ("/" normally; a test tree in tests)
     */
    public LibraryResolver(ElfInspector inspector, LdSoCache cache, List<String> libraryPath, Path root) {
        this.inspector = inspector;
        this.cache = cache;
        this.libraryPath = List.copyOf(libraryPath);
        this.root = root;
    }

    public static LibraryResolver forHost(List<String> libraryPath) {
        return new LibraryResolver(new ElfInspector(), LdSoCache.load(Path.of("/etc/ld.so.cache")), libraryPath, Path.of("/"));
    }

    /**
     * Resolves the interpreter and all libraries of a dynamic program.
     *
     * @param program       the inspected program
     * @param programImage  where the program goes in the image (for $ORIGIN)
     * @return libraries in breadth-first order, interpreter first; empty for static programs
     */
    public List<ResolvedLibrary> resolve(ElfInfo program, String programImage) throws IngotException {
        Map<String, ResolvedLibrary> found = new LinkedHashMap<>();
        if (program.interpreter() == null) return List.of();
        Path interp = hostPath(program.interpreter());
        if (!Files.isRegularFile(interp)) {
            throw new IngotException("missing ELF interpreter " + program.interpreter() + " needed by " + program.path()
                    + ": install the C library it was built for");
        }
        found.put(program.interpreter(), new ResolvedLibrary(program.interpreter(), interp, program.interpreter(), program.path()));
        String lib = DynamicStringTokens.libFor(root, interp);

        record Pending(ElfInfo object, String imageDir) {}
        Deque<Pending> queue = new ArrayDeque<>();
        String programDir = parentOf(programImage);
        queue.add(new Pending(program, programDir));
        while (!queue.isEmpty()) {
            Pending p = queue.poll();
            for (String name : p.object().needed()) {
                if (found.containsKey(name)) continue;
                Found f = find(name, p.object(), program, p.imageDir(), lib)
                        .orElseThrow(() -> new IngotException("missing library " + name + " needed by "
                                + p.object().path() + ": install it, or point LD_LIBRARY_PATH at it"));
                found.put(name, new ResolvedLibrary(name, f.host(), f.image(), p.object().path()));
                queue.add(new Pending(inspector.inspectLibrary(f.host()), parentOf(f.image())));
            }
        }
        addRuntimeLoaded(found, program);
        return new ArrayList<>(found.values());
    }

    /** What {@link #resolveExtra} found: libraries to add, and needs nothing satisfied. */
    public record Extra(List<ResolvedLibrary> libraries, List<String> missing) {}

    /**
     * The libraries that shared objects inside a copied tree need (a JDK's
     * libjvm.so, an interpreter's extension modules), which the dynamic linker
     * will look for when the program dlopens them. A need is met by a file of
     * that name in the trees themselves (the launcher loads libjvm.so first,
     * so libjava.so's "libjvm.so" is found by soname), by a library already
     * in the image, or by the host, as for the program. Unlike the program's
     * own needs, a missing one is reported, not fatal: a plugin the program
     * never loads (a JDK's X11 libraries) must not stop the build.
     *
     * @param objects   the tree's ELF files with their image paths
     * @param provided  names already in the image (the program's closure, the trees' files)
     */
    public Extra resolveExtra(Map<ElfInfo, String> objects, java.util.Set<String> provided) throws IngotException {
        Map<String, ResolvedLibrary> found = new LinkedHashMap<>();
        java.util.Set<String> missing = new java.util.TreeSet<>();
        record Pending(ElfInfo object, String imageDir) {}
        Deque<Pending> queue = new ArrayDeque<>();
        objects.forEach((elf, image) -> queue.add(new Pending(elf, parentOf(image))));
        // Shared objects name no interpreter: $LIB is what the host's own ld.so expands it to.
        String lib = DynamicStringTokens.libFor(root, hostPath("/lib64/ld-linux-x86-64.so.2"));
        while (!queue.isEmpty()) {
            Pending p = queue.poll();
            for (String name : p.object().needed()) {
                if (provided.contains(name) || found.containsKey(name)) continue;
                Optional<Found> f = find(name, p.object(), p.object(), p.imageDir(), lib);
                if (f.isEmpty()) {
                    missing.add(name + " (needed by " + p.object().path().getFileName() + ")");
                    continue;
                }
                found.put(name, new ResolvedLibrary(name, f.get().host(), f.get().image(), p.object().path()));
                queue.add(new Pending(inspector.inspectLibrary(f.get().host()), parentOf(f.get().image())));
            }
        }
        return new Extra(new ArrayList<>(found.values()), new ArrayList<>(missing));
    }

    /**
     * glibc loads libgcc_s.so.1 with dlopen (for pthread_exit/pthread_cancel
     * unwinding), so no DT_NEEDED names it and without it such a program aborts
     * with "libgcc_s.so.1 must be installed". Carry it along when the host has it.
     */
    private void addRuntimeLoaded(Map<String, ResolvedLibrary> found, ElfInfo program) {
        if (!found.containsKey("libc.so.6") || found.containsKey(LIBGCC_S)) return;
        for (String d : DEFAULT_DIRS) {
            Optional<Found> f = candidate(hostPath(d + "/" + LIBGCC_S), d + "/" + LIBGCC_S);
            if (f.isPresent()) {
                found.put(LIBGCC_S, new ResolvedLibrary(LIBGCC_S, f.get().host(), f.get().image(), found.get("libc.so.6").hostPath()));
                return;
            }
        }
    }

    private record Found(Path host, String image) {}

    private Optional<Found> find(String name, ElfInfo requester, ElfInfo program, String requesterImageDir, String lib) {
        if (name.contains("/")) {
            Path p = requester.path().toAbsolutePath().getParent().resolve(name);
            return candidate(p, name.startsWith("/") ? name : requesterImageDir + "/" + name);
        }
        List<Search> order = new ArrayList<>();
        if (requester.runpath().isEmpty()) {
            for (String d : requester.rpath()) order.add(new Search(d, requester, requesterImageDir, lib));
            if (requester != program) {
                String programImageDir = null; // $ORIGIN of the executable is rare in DT_RPATH chains; use its host dir
                for (String d : program.rpath()) order.add(new Search(d, program, programImageDir, lib));
            }
        }
        for (String d : libraryPath) order.add(new Search(d, null, null, lib));
        for (String d : requester.runpath()) order.add(new Search(d, requester, requesterImageDir, lib));
        for (Search s : order) {
            Optional<Found> f = s.lookup(name);
            if (f.isPresent()) return f;
        }
        Optional<String> cached = cache.lookup(name);
        if (cached.isPresent()) {
            Optional<Found> f = candidate(hostPath(cached.get()), cached.get());
            if (f.isPresent()) return f;
        }
        for (String d : DEFAULT_DIRS) {
            Optional<Found> f = candidate(hostPath(d + "/" + name), d + "/" + name);
            if (f.isPresent()) return f;
        }
        return Optional.empty();
    }

    /** One directory to search; $ORIGIN-relative ones map to the image beside the requester. */
    private final class Search {
        private final String dir;
        private final ElfInfo origin;
        private final String originImageDir;
        private final String lib;

        Search(String dir, ElfInfo origin, String originImageDir, String lib) {
            this.dir = dir;
            this.origin = origin;
            this.originImageDir = originImageDir;
            this.lib = lib;
        }

        Optional<Found> lookup(String name) {
            if (DynamicStringTokens.hasOrigin(dir)) {
                if (origin == null) return Optional.empty(); // ld.so drops an element whose $ORIGIN it cannot know
                String originDir = origin.path().toAbsolutePath().getParent().toString();
                String hostDir = new DynamicStringTokens(originDir, lib, DynamicStringTokens.X86_64_PLATFORM).expand(dir);
                String imageBase = originImageDir != null ? originImageDir : originDir;
                String imageDir = new DynamicStringTokens(imageBase, lib, DynamicStringTokens.X86_64_PLATFORM).expand(dir);
                if (!imageDir.startsWith("/")) return Optional.empty();
                return candidate(Path.of(hostDir).resolve(name).normalize(), Path.of(imageDir).resolve(name).normalize().toString());
            }
            String d = new DynamicStringTokens("", lib, DynamicStringTokens.X86_64_PLATFORM).expand(dir);
            if (!d.startsWith("/")) return Optional.empty(); // relative to the cwd: ld.so's answer depends on where it runs
            return candidate(hostPath(d + "/" + name), Path.of(d).resolve(name).normalize().toString());
        }
    }

    private Optional<Found> candidate(Path host, String imagePath) {
        if (Files.isRegularFile(host) && inspector.isX86_64(host)) {
            return Optional.of(new Found(host, imagePath));
        }
        return Optional.empty();
    }

    private Path hostPath(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    private static String parentOf(String imagePath) {
        int slash = imagePath.lastIndexOf('/');
        return slash <= 0 ? "/" : imagePath.substring(0, slash);
    }
}
