package dev.ingot.core.pkg;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * One runtime's recipe, read from packages/NAME.yaml in Ingot's folder: which
 * Debian 12 packages make it, what to leave out, and how to start it. Data,
 * not code: adding a runtime is adding a file.
 *
 * @param name     the package name users type (python, node, ...)
 * @param what     one line for `ingot pkg list`
 * @param kind     "debian" (default: built from .debs) or "java" (the jlinked runtime of docs/java.md)
 * @param versions the versions Ingot can build, oldest first
 * @param exclude  Debian packages of the dependency closure left out (Debian tooling a VM never runs)
 * @param env      environment the program starts with (the user's -e comes after and wins)
 * @param args     arguments put before the user's script and arguments
 * @param cwd      the directory the program starts in (default /app, where the user's files go)
 * @param prune    paths inside the tree removed on top of the common ones (docs, man pages, ...)
 * @param precompile a run of the package's own program over its tree at build time (Python's byte-code), or null
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Recipe(String name, String what, String kind, List<Version> versions, List<String> exclude,
                     Map<String, String> env, List<String> args, String cwd, List<String> prune,
                     Precompile precompile) {

    /**
     * The package's program run on the host from its own tree (through the
     * tree's ld.so and libraries, never the host's) after pruning, so work
     * every start would repeat is done once: "{tree}" in args and env is the
     * tree's path on the host.
     */
    public record Precompile(List<String> args, Map<String, String> env) {
        public Precompile {
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? Map.of() : Map.copyOf(env);
        }
    }

    /**
     * @param version the version users type (3.11)
     * @param debs    the Debian packages to install, each NAME or NAME=VERSION-GLOB tying it to Debian's versions
     * @param program the program's path in the tree
     */
    public record Version(String version, List<String> debs, String program) {
        public Version {
            debs = debs == null ? List.of() : List.copyOf(debs);
        }
    }

    public Recipe {
        kind = kind == null ? "debian" : kind;
        versions = versions == null ? List.of() : List.copyOf(versions);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        env = env == null ? Map.of() : Map.copyOf(env);
        args = args == null ? List.of() : List.copyOf(args);
        cwd = cwd == null ? "/app" : cwd;
        prune = prune == null ? List.of() : List.copyOf(prune);
    }

    public boolean isJava() {
        return "java".equals(kind);
    }

    /** The newest version: the last one listed. */
    public Version newest() {
        return versions.getLast();
    }
}
