package dev.ingot.core.pkg;

import dev.ingot.core.IngotException;
import dev.ingot.core.elf.ElfInspector;
import dev.ingot.core.elf.LdSoCache;
import dev.ingot.core.elf.LibraryResolver;
import dev.ingot.core.elf.ResolvedLibrary;
import dev.ingot.core.elf.TreeElfScanner;
import dev.ingot.core.spec.FileMapping;
import dev.ingot.core.util.ExternalCommand;
import dev.ingot.core.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one package tree from Debian's .debs in a staging folder:
 * closure, download, unpack (dpkg-deb -x: files only, no maintainer
 * scripts), prune, links made relative, then every ELF file of the tree is
 * read and a library one needs that the tree lacks is copied in from the
 * host. The caller renames the finished folder into place, so a failed
 * build leaves nothing behind but its staging folder.
 */
final class PackageBuilder {
    private final DebFetcher fetcher;
    private final Progress progress;

    PackageBuilder(Path cache, Progress progress) {
        this.fetcher = new DebFetcher(cache, progress);
        this.progress = progress;
    }

    /** Fills staging/tree and staging/package.json. */
    PackageManifest build(Recipes.Resolved r, Path staging) throws IngotException {
        Recipe recipe = r.recipe();
        Recipe.Version version = r.version();
        List<DebFetcher.Deb> closure = fetcher.closure(version.debs(), new HashSet<>(recipe.exclude()));
        List<Path> debs = fetcher.fetch(closure);
        Path tree = staging.resolve("tree");
        try {
            Files.createDirectories(tree);
            progress.detail("unpacking " + debs.size() + " packages");
            for (Path deb : debs) {
                ExternalCommand.run(List.of("dpkg-deb", "-x", deb.toString(), tree.toString()), staging, Map.of(),
                        line -> { }, "unpacking " + deb.getFileName());
            }
            long unpacked = Trees.size(tree);
            TreePruner.prune(tree, recipe.prune());
            Trees.relativizeLinks(tree);
            List<String> hostLibraries = addMissingLibraries(tree);
            if (recipe.precompile() != null) precompile(recipe.precompile(), version, tree, staging);
            Path program = tree.resolve(version.program().substring(1));
            if (!Files.isRegularFile(program, LinkOption.NOFOLLOW_LINKS) || !new ElfInspector().isX86_64(program)) {
                throw new IngotException("package " + r.label() + ": its program " + version.program()
                        + " is not an x86-64 ELF file in the unpacked packages: fix packages/" + recipe.name() + ".yaml");
            }
            List<Path> all = Trees.walk(tree);
            int files = (int) all.stream().filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
            return new PackageManifest(recipe.name(), version.version(), Trees.digest(tree), recipe.what(),
                    closure.stream().map(d -> d.name() + "=" + d.version()).toList(), version.program(), recipe.args(),
                    recipe.env(), recipe.cwd(), hostLibraries, unpacked, Trees.size(tree), files,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS));
        } catch (IOException e) {
            throw new IngotException("cannot build package " + r.label() + " in " + staging + ": " + e.getMessage());
        }
    }

    /** Runs the package's program from the tree, with the tree's ld.so and only the tree's libraries. */
    private void precompile(Recipe.Precompile p, Recipe.Version version, Path tree, Path staging) throws IngotException {
        progress.detail("precompiling");
        String t = tree.toAbsolutePath().toString();
        List<String> cmd = new ArrayList<>(List.of(tree.resolve("lib64/ld-linux-x86-64.so.2").toString(), "--library-path",
                t + "/lib/x86_64-linux-gnu:" + t + "/usr/lib/x86_64-linux-gnu", "--inhibit-cache",
                tree.resolve(version.program().substring(1)).toString()));
        for (String a : p.args()) cmd.add(a.replace("{tree}", t));
        Map<String, String> env = new java.util.HashMap<>();
        p.env().forEach((k, v) -> env.put(k, v.replace("{tree}", t)));
        ExternalCommand.run(cmd, staging, env, line -> { }, "precompiling package " + version.version());
    }

    /**
     * DT_NEEDED of every ELF file in the tree (the interpreter, its extension
     * modules, plugins), resolved in the tree first as the guest's ld.so will;
     * what the tree lacks comes from the host (a Debian 12 host has the same
     * libraries). Needs nothing can meet are reported, not fatal: a plugin no
     * program loads must not stop the build.
     */
    private List<String> addMissingLibraries(Path tree) throws IngotException, IOException {
        ElfInspector inspector = new ElfInspector();
        TreeElfScanner.Found found = new TreeElfScanner(inspector).scan(List.of(new FileMapping(tree, "")));
        LibraryResolver inTree = new LibraryResolver(inspector, LdSoCache.load(tree.resolve("etc/ld.so.cache")), List.of(), tree);
        LibraryResolver.Extra own = inTree.resolveExtra(found.objects(), Set.of());
        if (own.missing().isEmpty()) return List.of();
        Set<String> provided = new HashSet<>();
        for (ResolvedLibrary l : own.libraries()) provided.add(l.name());
        LibraryResolver.Extra host = LibraryResolver.forHost(List.of()).resolveExtra(found.objects(), provided);
        List<String> added = new ArrayList<>();
        for (ResolvedLibrary l : host.libraries()) {
            Path dest = tree.resolve(l.imagePath().substring(1));
            if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) continue;
            Files.createDirectories(dest.getParent());
            Files.copy(l.hostPath(), dest, StandardCopyOption.COPY_ATTRIBUTES);
            added.add(l.imagePath());
        }
        for (String m : host.missing()) progress.info("note: library " + m + " is in no package and not on this host");
        return added;
    }
}
