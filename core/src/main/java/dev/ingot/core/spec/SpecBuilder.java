package dev.ingot.core.spec;

import dev.ingot.core.IngotException;
import dev.ingot.core.util.Names;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    public SpecBuilder name(String name) { this.name = name; return this; }
    public SpecBuilder program(Path program) { this.program = program; return this; }
    public SpecBuilder args(List<String> args) { this.args = new ArrayList<>(args); return this; }
    public SpecBuilder env(String key, String value) { env.put(key, value); return this; }
    public SpecBuilder file(FileMapping mapping) { files.add(mapping); return this; }
    public SpecBuilder ports(List<PortForward> ports) { this.ports = new ArrayList<>(ports); return this; }
    public SpecBuilder memoryBytes(long bytes) { this.memoryBytes = bytes; return this; }
    public SpecBuilder cpus(int cpus) { this.cpus = cpus; return this; }
    public SpecBuilder kernel(KernelKind kernel) { this.kernel = kernel; return this; }

    public Path program() { return program; }

    public Spec build() throws IngotException {
        if (program == null) {
            throw new IngotException("no program given: name one (ingot run ./prog) or set 'program' in ingot.yaml", 2, null);
        }
        String imageName = name != null ? name : defaultName(program);
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
        KernelKind k = kernel != null ? kernel : KernelKind.LINUX;
        long memory = memoryBytes != null ? memoryBytes : Spec.DEFAULT_MEMORY;
        MemorySize.checkFor(k, memory);
        return new Spec(imageName, program, args != null ? args : List.of(), env, files,
                ports != null ? ports : List.of(), memory, n, k);
    }

    /** The vCPU count QEMU's microvm takes here: 1 to {@link Spec#MAX_CPUS}. */
    public static int checkCpus(int n) throws IngotException {
        if (n < 1 || n > Spec.MAX_CPUS) {
            throw new IngotException("bad cpu count " + n + ": use 1 to " + Spec.MAX_CPUS, 2, null);
        }
        return n;
    }

    private static String defaultName(Path program) {
        String file = program.getFileName().toString();
        String cleaned = file.replaceAll("[^a-zA-Z0-9_.-]", "_");
        return cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0)) ? "app" + cleaned : cleaned;
    }
}
