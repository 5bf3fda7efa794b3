package dev.ingot.core.java;

import dev.ingot.core.IngotException;
import dev.ingot.core.util.ExternalCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The JDK modules an application needs, as jdeps reads them from its class
 * files (never running it), plus the ones the user adds for what reflection
 * or ServiceLoader reaches and jdeps cannot see.
 */
public final class ModuleResolver {
    /**
     * java.base is every runtime's floor. Service modules that only
     * ServiceLoader reaches (jdk.naming.dns, jdk.localedata, ...) are not
     * guessed: the user adds them through `modules:`, as with jlink itself.
     */
    private static final List<String> ALWAYS = List.of("java.base");

    private final Jdk jdk;

    public ModuleResolver(Jdk jdk) {
        this.jdk = jdk;
    }

    /**
     * @param roots     the jar or class folders to analyse
     * @param classPath everything they may reference (so jdeps does not report it as a JDK need)
     * @param extra     modules the user asks for
     */
    public SortedSet<String> resolve(List<Path> roots, List<Path> classPath, List<String> extra) throws IngotException {
        List<String> cmd = new ArrayList<>(List.of(jdk.tool("jdeps").toString(),
                "--print-module-deps", "--ignore-missing-deps", "-q",
                "--multi-release", Integer.toString(jdk.feature())));
        if (!classPath.isEmpty()) {
            cmd.add("--class-path");
            cmd.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        }
        for (Path r : roots) cmd.add(r.toString());
        List<String> out = ExternalCommand.run(cmd, Path.of("."), Map.of(), line -> { }, "jdeps (finding the modules the application needs)");
        SortedSet<String> modules = new TreeSet<>(ALWAYS);
        for (String line : out) {
            for (String m : line.trim().split(",")) if (isModuleName(m.trim())) modules.add(m.trim());
        }
        for (String m : extra) {
            if (!isModuleName(m)) {
                throw new IngotException("bad module name '" + m + "' in modules: use a JDK module such as jdk.crypto.ec", 2, null);
            }
            modules.add(m);
        }
        return modules;
    }

    static boolean isModuleName(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    }
}
