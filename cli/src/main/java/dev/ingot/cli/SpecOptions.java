package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.NotFoundException;
import dev.ingot.core.java.JavaApp;
import dev.ingot.core.spec.ConfigFile;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.MemorySize;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.spec.SpecBuilder;
import dev.ingot.core.volume.VolumeMount;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What run and build share: a config file, flags that override it, and the
 * program with its arguments.
 */
final class SpecOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "ingot.yaml (or JSON), or an ops config.json. Flags override it.")
    Path config;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set an environment variable (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Guest memory, e.g. 64M or 1G (default 128M).")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "Virtual CPUs (default 1).")
    Integer cpus;

    @Option(names = {"-p", "--port"}, paramLabel = "[ADDR:]HOST:GUEST", description = "Forward a port (repeatable), e.g. 8080 or 18080:8080.")
    List<String> ports = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, paramLabel = "NAME:/PATH",
            description = "Attach a volume (ingot volume create) at PATH in the guest (repeatable).")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--kernel", paramLabel = "native|linux", description = "Kernel to boot: native (Ingot's own, the default) or linux (for programs that fork, exec or use several CPUs).")
    String kernel;

    @Option(names = "--pkg", paramLabel = "NAME[:VERSION]",
            description = "Run on a runtime package (python, node, ruby, php, java; ingot pkg list): PROGRAM is then the script.")
    String pkg;

    @Option(names = "--dir", paramLabel = "DIR", description = "With --pkg: copy this folder to /app (the working directory).")
    Path dir;

    @Mixin
    JavaOptions javaOptions = new JavaOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROGRAM", description = "The program (an x86-64 ELF file or a runnable jar) or a built image's name.")
    String program;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGS", description = "Arguments for the program.")
    List<String> args = new ArrayList<>();

    /** The program word named no built image, and no file either: say both, not just "no such file". */
    NotFoundException neitherImageNorFile() {
        return new NotFoundException("no image and no program file named " + program
                + ": give a program's path (./" + program + ") or an image from ingot images -a");
    }

    boolean hasProgramFile() {
        return program != null && (program.contains("/") || java.nio.file.Files.exists(Path.of(program)));
    }

    /**
     * The kernel the image will boot, when the command line alone says so
     * (--kernel, or a program file with no config: the default), so checks
     * that depend on it run before any build; null when only the config or
     * a built image knows.
     */
    KernelKind knownKernel() throws IngotException {
        if (kernel != null) return KernelKind.parse(kernel, "--kernel");
        return config == null && (hasProgramFile() || pkg != null) ? KernelKind.DEFAULT : null;
    }

    /** Config file first, then flags on top. */
    Spec toSpec(String imageName) throws IngotException {
        SpecBuilder b = config != null ? ConfigFile.read(config) : new SpecBuilder();
        if (imageName != null) b.name(imageName);
        // With --main and --classpath there is no program file: every word is the application's argument.
        boolean classPathApp = javaOptions.givesMainClass() && javaOptions.classPath != null;
        List<String> programArgs = new ArrayList<>(args);
        // With --pkg and --dir, or a first word that is an option, there is no script: every word is the runtime's.
        boolean runtimeArgs = pkg != null && program != null && (dir != null || program.startsWith("-"));
        if (pkg != null) b.pkg(pkg);
        if (dir != null) b.appDir(dir);
        if ((classPathApp || runtimeArgs) && program != null) programArgs.addFirst(program);
        else if (program != null) b.program(Path.of(program));
        if (!programArgs.isEmpty()) b.args(programArgs);
        for (var e : parseEnv().entrySet()) b.env(e.getKey(), e.getValue());
        if (memory != null) b.memoryBytes(MemorySize.parse(memory, "--memory"));
        if (cpus != null) b.cpus(cpus);
        List<PortForward> parsed = parsePorts();
        if (!parsed.isEmpty()) b.ports(parsed);
        if (kernel != null) b.kernel(KernelKind.parse(kernel, "--kernel"));
        if (!volumes.isEmpty()) b.volumes(parseVolumes());
        JavaApp java = javaOptions.toApp();
        if (java != null) b.java(java);
        return b.build();
    }

    /** The -e flags in order; -e KEY passes the host's value, as docker does. */
    Map<String, String> parseEnv() throws IngotException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                out.put(e.substring(0, eq), e.substring(eq + 1));
            } else if (eq < 0 && System.getenv(e) != null) {
                out.put(e, System.getenv(e));
            } else {
                throw new IngotException("bad -e '" + e + "': write KEY=VALUE", 2, null);
            }
        }
        return out;
    }

    List<VolumeMount> parseVolumes() throws IngotException {
        List<VolumeMount> out = new ArrayList<>();
        for (String v : volumes) out.add(VolumeMount.parse(v, "-v"));
        return out;
    }

    List<PortForward> parsePorts() throws IngotException {
        List<PortForward> out = new ArrayList<>();
        for (String p : ports) out.add(PortForward.parse(p, "-p"));
        return out;
    }
}
