package dev.ingot.core.spec;

import dev.ingot.core.IngotException;
import dev.ingot.core.java.JarInspector;
import dev.ingot.core.java.JavaApp;
import dev.ingot.core.java.JavaApps;
import dev.ingot.core.util.Names;
import dev.ingot.core.volume.VolumeMount;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects a spec from a config file and then command-line flags; later
 * setters override earlier ones, so flags win over the file. {@link #build()}
 * validates and fills defaults.
 */
public final class SpecBuilder {
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private String name;
    private Path program;
    private List<String> args;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<FileMapping> files = new ArrayList<>();
    private List<PortForward> ports;
    private Long memoryBytes;
    private Integer cpus;
    private KernelKind kernel;
    private JavaApp java;
    private String pkg;
    private Path appDir;
    private List<VolumeMount> volumes;

    public SpecBuilder name(String name) { this.name = name; return this; }
    public SpecBuilder program(Path program) { this.program = program; return this; }
    public SpecBuilder args(List<String> args) { this.args = new ArrayList<>(args); return this; }
    public SpecBuilder env(String key, String value) { env.put(key, value); return this; }
    public SpecBuilder file(FileMapping mapping) { files.add(mapping); return this; }
    public SpecBuilder ports(List<PortForward> ports) { this.ports = new ArrayList<>(ports); return this; }
    public SpecBuilder memoryBytes(long bytes) { this.memoryBytes = bytes; return this; }
    public SpecBuilder cpus(int cpus) { this.cpus = cpus; return this; }
    public SpecBuilder kernel(KernelKind kernel) { this.kernel = kernel; return this; }
    /** Replaces the volumes set before (flags over the config file, as ports). */
    public SpecBuilder volumes(List<VolumeMount> volumes) { this.volumes = new ArrayList<>(volumes); return this; }
    /** Merges Java settings: fields given here replace the ones set before (flags over the config file). */
    public SpecBuilder java(JavaApp app) { this.java = JavaApps.merge(java, app); return this; }

    public SpecBuilder pkg(String ref) { this.pkg = ref; return this; }
    public SpecBuilder appDir(Path dir) { this.appDir = dir; return this; }

    public Path program() { return program; }

    public Spec build() throws IngotException {
        // A jar is taken by what it is, not by its name: a zip file given as the program.
        if (program != null && JarInspector.looksLikeZip(program)) {
            java = JavaApps.merge(java, new JavaApp(program, null, List.of(), List.of(), List.of(), null, null));
        }
        if (java != null && java.jar() == null && program != null) {
            throw new IngotException("give either a program or --main with --classpath, not both", 2, null);
        }
        if (appDir != null && pkg == null) {
            throw new IngotException("--dir needs --pkg: the folder is the application a package's runtime runs", 2, null);
        }
        if (appDir != null && !Files.isDirectory(appDir)) {
            throw new IngotException("application folder not found: " + appDir, 2, null);
        }
        if (pkg != null && java == null) return packageSpec();
        if (program == null && java == null) {
            throw new IngotException("no program given: name one (ingot run ./prog) or set 'program' in ingot.yaml", 2, null);
        }
        if (java != null && java.jar() == null && java.mainClass() == null) {
            throw new IngotException("--classpath needs --main CLASS (or 'java: {mainClass: ...}' in ingot.yaml)", 2, null);
        }
        Path named = program != null ? program
                : java.jar() != null ? java.jar() : Path.of(simpleName(java.mainClass()));
        String imageName = name != null ? name : defaultName(named);
        if (!Names.isValid(imageName)) {
            throw new IngotException("bad image name '" + imageName
                    + "': use letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)", 2, null);
        }
        for (String key : env.keySet()) {
            if (!ENV_KEY.matcher(key).matches()) {
                throw new IngotException("bad environment variable name '" + key + "': use letters, digits and '_'", 2, null);
            }
        }
        int n = cpus != null ? checkCpus(cpus) : Spec.DEFAULT_CPUS;
        KernelKind k = kernel != null ? kernel : KernelKind.DEFAULT;
        long memory = memoryBytes != null ? memoryBytes : java != null ? Spec.DEFAULT_JAVA_MEMORY : Spec.DEFAULT_MEMORY;
        MemorySize.checkFor(k, memory);
        return new Spec(imageName, program != null ? program : named, args != null ? args : List.of(), env, files,
                ports != null ? ports : List.of(), memory, n, k, java, pkg != null ? new PackageUse(pkg, null) : null, null, null,
                volumes);
    }

    /**
     * A script (or --dir folder) run by a package's program: the script, if
     * any, is the program here; the build swaps in the package's program.
     */
    private Spec packageSpec() throws IngotException {
        if (program != null && !Files.isRegularFile(program)) {
            throw new IngotException("script not found: " + program + " (with --pkg, the first word is the script;"
                    + " put interpreter options after --, e.g. ingot run --pkg python -- -c 'print(1)')", 2, null);
        }
        String pkgName = pkg.contains(":") ? pkg.substring(0, pkg.indexOf(':')) : pkg;
        String imageName = name != null ? name : program != null ? defaultName(program)
                : appDir != null ? defaultName(appDir.toAbsolutePath().normalize()) : pkgName;
        if (!Names.isValid(imageName)) imageName = pkgName.replaceAll("[^a-zA-Z0-9_.-]", "_");
        for (String key : env.keySet()) {
            if (!ENV_KEY.matcher(key).matches()) {
                throw new IngotException("bad environment variable name '" + key + "': use letters, digits and '_'", 2, null);
            }
        }
        int n = cpus != null ? checkCpus(cpus) : Spec.DEFAULT_CPUS;
        KernelKind k = kernel != null ? kernel : KernelKind.DEFAULT;
        long memory = memoryBytes != null ? memoryBytes : Spec.DEFAULT_PACKAGE_MEMORY;
        MemorySize.checkFor(k, memory);
        return new Spec(imageName, program, args != null ? args : List.of(), env, files,
                ports != null ? ports : List.of(), memory, n, k, null, new PackageUse(pkg, appDir), null, null, volumes);
    }

    /** The vCPU count QEMU's microvm takes here: 1 to {@link Spec#MAX_CPUS}. */
    public static int checkCpus(int n) throws IngotException {
        if (n < 1 || n > Spec.MAX_CPUS) {
            throw new IngotException("bad cpu count " + n + ": use 1 to " + Spec.MAX_CPUS, 2, null);
        }
        return n;
    }

    /** com.example.Main → main: an image name for an application given by its main class. */
    private static String simpleName(String mainClass) {
        return mainClass.substring(mainClass.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    private static String defaultName(Path program) {
        String file = program.getFileName().toString();
        if (file.endsWith(".jar") && file.length() > 4) file = file.substring(0, file.length() - 4); // app.jar → app
        String cleaned = file.replaceAll("[^a-zA-Z0-9_.-]", "_");
        return cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0)) ? "app" + cleaned : cleaned;
    }
}
