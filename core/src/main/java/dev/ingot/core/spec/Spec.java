package dev.ingot.core.spec;

import dev.ingot.core.java.JavaApp;
import dev.ingot.core.volume.VolumeMount;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param java    the Java application to run, or null for an ELF program; when set, the
 *                image's program is the linked runtime's bin/java (see dev.ingot.core.java)
 * @param pkg     the runtime package the program (a script, or null) runs on, or null (docs/packages.md)
 * @param packageTree a built package's tree, copied to the image's root as it is (set by the build), or null
 * @param cwd     the directory the program starts in, or null for "/"
 * @param volumes volumes a run attaches (ingot.yaml 'volumes:'); not part of the image
 */
public record Spec(String name, Path program, List<String> args, Map<String, String> env,
                   List<FileMapping> files, List<PortForward> ports, long memoryBytes, int cpus,
                   KernelKind kernel, JavaApp java, PackageUse pkg,
                   Path packageTree, String cwd, List<VolumeMount> volumes) {

    public static final long DEFAULT_MEMORY = 128L << 20;
    /**
     * A Java image's default: the smallest guest that serves the jdk.httpserver
     * test application is measured in docs/java.md; this leaves room above it
     * for a real application's heap.
     */
    public static final long DEFAULT_JAVA_MEMORY = 512L << 20;
    /** A runtime package's default: interpreters such as node map large heaps at start; unused memory costs nothing under QEMU. */
    public static final long DEFAULT_PACKAGE_MEMORY = 512L << 20;
    public static final int DEFAULT_CPUS = 1;
    /** The most vCPUs Ingot asks QEMU for (microvm takes more, but nothing here is tested beyond it). */
    public static final int MAX_CPUS = 64;

    public Spec {
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        files = List.copyOf(files);
        ports = List.copyOf(ports);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    public Spec(String name, Path program, List<String> args, Map<String, String> env, List<FileMapping> files,
                List<PortForward> ports, long memoryBytes, int cpus, KernelKind kernel, JavaApp java) {
        this(name, program, args, env, files, ports, memoryBytes, cpus, kernel, java, null, null, null, List.of());
    }

    public Spec(String name, Path program, List<String> args, Map<String, String> env,
                List<FileMapping> files, List<PortForward> ports, long memoryBytes, int cpus, KernelKind kernel) {
        this(name, program, args, env, files, ports, memoryBytes, cpus, kernel, null, null, null, null, List.of());
    }

    /** The same spec running another program with other arguments and more files (how a Java app becomes bin/java). */
    public Spec withLaunch(Path newProgram, List<String> newArgs, List<FileMapping> moreFiles) {
        List<FileMapping> all = new ArrayList<>(files);
        all.addAll(moreFiles);
        return new Spec(name, newProgram, newArgs, env, all, ports, memoryBytes, cpus, kernel, null, null, packageTree, cwd,
                volumes);
    }

    /** The same spec running a package's program from its tree, with the package's environment under the user's. */
    public Spec withPackage(Path newProgram, List<String> newArgs, Map<String, String> newEnv, List<FileMapping> moreFiles,
                            Path tree, String workDir) {
        List<FileMapping> all = new ArrayList<>(files);
        all.addAll(moreFiles);
        return new Spec(name, newProgram, newArgs, newEnv, all, ports, memoryBytes, cpus, kernel, null, null, tree, workDir,
                volumes);
    }
}
