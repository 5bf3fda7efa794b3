package dev.ingot.core.pkg;

import dev.ingot.core.IngotException;
import dev.ingot.core.UsageException;
import dev.ingot.core.kernel.KernelArtifacts;
import dev.ingot.core.spec.FileMapping;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.util.IngotHome;
import dev.ingot.core.util.Progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a spec that names a package into one that runs the package's
 * program: the package is built if it is not yet, its tree goes to the
 * image's root, the user's script (or --dir folder) to /app, and the
 * program starts in the package's working directory (/app) with the
 * recipe's arguments, then the script, then the user's arguments.
 */
public final class PackageLaunch {
    private final PackageStore store;

    public PackageLaunch(IngotHome home, KernelArtifacts kernels, Progress progress) {
        this.store = new PackageStore(home.root(), kernels.cacheDir(), kernels.dist(), progress);
    }

    /** A jar with --pkg: only a Java package runs it (the jar itself goes the Java way, docs/java.md). */
    public void checkJava(Spec spec) throws IngotException {
        Recipes.Resolved r = store.recipes().resolve(PackageRef.parse(spec.pkg().ref()));
        if (!r.recipe().isJava()) {
            throw new UsageException("--pkg " + spec.pkg().ref() + " cannot run a jar: use --pkg java (or no --pkg)");
        }
    }

    public Spec apply(Spec spec) throws IngotException {
        Recipes.Resolved r = store.recipes().resolve(PackageRef.parse(spec.pkg().ref()));
        if (r.recipe().isJava()) {
            throw new UsageException("--pkg " + spec.pkg().ref() + " runs a jar: ingot run --pkg java app.jar (docs/java.md)");
        }
        PackageStore.Package p = store.get(r);
        List<FileMapping> files = new ArrayList<>();
        List<String> args = new ArrayList<>(p.manifest().args());
        if (spec.pkg().dir() != null) files.add(new FileMapping(spec.pkg().dir(), "/app"));
        if (spec.program() != null) {
            String script = "/app/" + spec.program().getFileName();
            files.add(new FileMapping(spec.program(), script));
            args.add(script);
        }
        args.addAll(spec.args());
        Map<String, String> env = new LinkedHashMap<>(p.manifest().env());
        env.putAll(spec.env());
        return spec.withPackage(p.program(), args, env, files, p.tree(), p.manifest().cwd());
    }
}
