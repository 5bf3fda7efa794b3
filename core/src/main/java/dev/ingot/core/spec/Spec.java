package dev.ingot.core.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run, complete and validated: the immutable result of a config
 * file plus command-line flags (see {@link SpecBuilder}).
 *
 * @param name    image name (defaults to the program's file name)
 * @param program the program on the host
 * @param args    arguments after argv[0]
 * @param env     environment, in order
 * @param files   host files and directories copied into the image
 * @param ports   port forwards
 * @param memoryBytes guest memory
 * @param cpus    virtual CPUs
 * @param kernel  which kernel boots the image
 */
public record Spec(String name, Path program, List<String> args, Map<String, String> env,
                   List<FileMapping> files, List<PortForward> ports, long memoryBytes, int cpus,
                   KernelKind kernel) {

    public static final long DEFAULT_MEMORY = 128L << 20;
    public static final int DEFAULT_CPUS = 1;
    /** The most vCPUs Ingot asks QEMU for (microvm takes more, but nothing here is tested beyond it). */
    public static final int MAX_CPUS = 64;

    public Spec {
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        files = List.copyOf(files);
        ports = List.copyOf(ports);
    }
}
