package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.kernel.KernelArtifacts;
import dev.ingot.core.pkg.PackageManifest;
import dev.ingot.core.pkg.PackageRef;
import dev.ingot.core.pkg.PackageStore;
import dev.ingot.core.pkg.Recipe;
import dev.ingot.core.pkg.Recipes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** `ingot pkg list|get|contents|rm`: runtime packages built from Debian's packages (docs/packages.md). */
@Command(name = "pkg", description = "Runtime packages to run scripts on (ingot run --pkg).",
        subcommands = {PkgCommand.List.class, PkgCommand.Get.class, PkgCommand.Contents.class, PkgCommand.Rm.class},
        footer = {"", "Examples:", "  ingot pkg list", "  ingot pkg get python:3.11", "  ingot pkg contents python",
                "  ingot run --pkg python -p 8000 app.py", "  ingot pkg rm python:3.11"})
final class PkgCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        System.err.println("ingot pkg: name a command: list, get, contents or rm (ingot pkg --help)");
        return 2;
    }

    static PackageStore store() throws IngotException {
        Context ctx = new Context();
        return new PackageStore(ctx.home.root(), ctx.home.cache(), KernelArtifacts.distFromEnvironment(), ctx.progress);
    }

    @Command(name = "list", description = "List the packages Ingot has recipes for, and which are built.")
    static final class List implements Callable<Integer> {
        @Mixin CommonOptions common;

        @Override
        public Integer call() throws Exception {
            PackageStore store = store();
            Table table = new Table("NAME", "VERSION", "SIZE", "WHAT");
            for (Recipe r : store.recipes().all()) {
                for (Recipe.Version v : r.versions()) {
                    Optional<PackageStore.Package> built = store.find(new Recipes.Resolved(r, v));
                    String size = built.map(p -> Sizes.human(p.manifest().bytes())).orElse(r.isJava() ? "-" : "(not built)");
                    table.add(r.name(), v.version(), size, r.what());
                }
            }
            table.print(System.out);
            return 0;
        }
    }

    @Command(name = "get", description = "Build a package from Debian's packages (or find it built).")
    static final class Get implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Parameters(paramLabel = "NAME[:VERSION]") String ref;

        @Override
        public Integer call() throws Exception {
            PackageStore store = store();
            Recipes.Resolved r = store.recipes().resolve(PackageRef.parse(ref));
            PackageManifest m = store.get(r).manifest();
            System.out.println(r.label() + " " + m.digest() + " " + Sizes.human(m.bytes()) + " (" + m.files() + " files; "
                    + Sizes.human(m.unpackedBytes()) + " before pruning, from " + m.debs().size() + " Debian packages)");
            return 0;
        }
    }

    @Command(name = "contents", description = "List the files of a built package (building it first if needed).")
    static final class Contents implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Parameters(paramLabel = "NAME[:VERSION]") String ref;

        @Override
        public Integer call() throws Exception {
            PackageStore store = store();
            Path tree = store.get(store.recipes().resolve(PackageRef.parse(ref))).tree();
            try (Stream<Path> walk = Files.walk(tree)) {
                for (Path p : walk.sorted().toList()) {
                    if (p.equals(tree) || Files.isDirectory(p) && !Files.isSymbolicLink(p)) continue;
                    String line = "/" + tree.relativize(p);
                    if (Files.isSymbolicLink(p)) line += " -> " + Files.readSymbolicLink(p);
                    System.out.println(line);
                }
            } catch (IOException e) {
                throw new IngotException("cannot read " + tree + ": " + e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove a built package (images built from it keep their copy).")
    static final class Rm implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Parameters(paramLabel = "NAME[:VERSION]") String ref;

        @Override
        public Integer call() throws Exception {
            PackageStore store = store();
            Recipes.Resolved r = store.recipes().resolve(PackageRef.parse(ref));
            store.remove(r);
            System.out.println("removed " + r.label());
            return 0;
        }
    }
}
