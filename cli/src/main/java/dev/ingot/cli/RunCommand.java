package dev.ingot.cli;

import dev.ingot.api.Ingot;
import dev.ingot.api.RunHandle;
import dev.ingot.core.IngotException;
import dev.ingot.core.UsageException;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.hypervisor.AccelDetector;
import dev.ingot.core.image.Image;
import dev.ingot.core.image.ImageManifest;
import dev.ingot.core.instance.RunOptions;
import dev.ingot.core.spec.MemorySize;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.spec.SpecBuilder;
import dev.ingot.core.volume.VolumeMount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "run", sortOptions = false,
        description = "Build an image from a program (or take a built one) and boot it.",
        footer = {"", "Examples:",
                "  ingot run -p 8080 examples/echo/echo",
                "  ingot run -d --name e1 -p 18080:8080 ./echo",
                "  ingot run -e GREETING=hi -m 64M ./prog arg1 arg2",
                "  ingot run --kernel linux ./prog  # Linux backend: programs that fork/exec",
                "  ingot run -p 8080 app.jar        # a runnable jar (docs/java.md)",
                "  ingot run --main com.example.Main --classpath 'target/classes:target/lib/*'",
                "  ingot run --pkg python -p 8000 app.py   # a script on a runtime package (docs/packages.md)",
                "  ingot run --pkg python --dir ./myapp -p 8000 -- -m myapp",
                "  ingot run hello:v1               # a built image, by tag or sha256 digest",
                "  ingot run --rm ./prog           # remove the instance when it ends",
                "  ingot run --boot disk echo      # boot the image's raw disk on pc + SeaBIOS (docs/disk.md)",
                "  ingot run -v data:/data ./prog  # attach volume data (ingot volume create data 64M)",
                "  ingot run --dry-run ./prog      # print a QEMU command line that boots it by hand"})
final class RunCommand implements Callable<Integer> {
    @Mixin SpecOptions spec;
    @Mixin CommonOptions common;

    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the instance ID.")
    boolean detach;

    @Option(names = "--rm", description = "Remove the instance (and its log) when the program ends.")
    boolean remove;

    @Option(names = "--name", paramLabel = "NAME", description = "Instance name (default: image name plus a short ID).")
    String name;

    @Option(names = "--accel", paramLabel = "auto|kvm|tcg", description = "CPU accelerator (default auto: KVM where it really works, else TCG).")
    String accel = "auto";

    @Option(names = "--trace", description = "Native kernel only: print every system call, strace-style.")
    boolean trace;

    @Option(names = "--no-aslr", description = "Turn off address randomisation (for debugging; norandmaps on Linux).")
    boolean noAslr;

    @Option(names = "--kernel-debug", description = "Print the kernel's boot timings and diagnostics on the console.")
    boolean kernelDebug;

    @Option(names = "--missing-files", description = "At exit, list the paths the program looked for and the image lacks"
            + " (add them with files: in ingot.yaml). On Linux the program is traced, so it runs slower.")
    boolean missingFiles;

    @Option(names = "--boot", paramLabel = "kernel|disk",
            description = "kernel (default): -kernel on microvm, fastest; disk: the image's raw boot disk on pc + SeaBIOS, as ingot export writes it.")
    String boot = "kernel";

    @Option(names = "--dry-run", description = "Build the image, print a QEMU command line that boots it when pasted, boot nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        // Every flag is checked before any image work, so a typo or a taken name costs nothing.
        Accel requested = Accel.parse(accel);
        if (!boot.equals("kernel") && !boot.equals("disk")) {
            throw new UsageException("bad --boot '" + boot + "': use kernel or disk");
        }
        List<PortForward> flagPorts = spec.parsePorts();
        List<VolumeMount> flagVolumes = spec.parseVolumes();
        spec.parseEnv();
        Long flagMemory = spec.memory != null ? MemorySize.parse(spec.memory, "--memory") : null;
        if (spec.cpus != null) SpecBuilder.checkCpus(spec.cpus);
        if (spec.knownKernel() != null) kernelFlags().check(spec.knownKernel());
        AccelDetector.Choice choice = new AccelDetector().choose(requested);
        Context ctx = new Context();
        Ingot ingot = ctx.ingot;
        RunOptions early = options(flagPorts, flagMemory != null ? flagMemory : Spec.DEFAULT_MEMORY,
                spec.cpus != null ? spec.cpus : Spec.DEFAULT_CPUS, choice.accel(), List.of(), flagVolumes);
        if (!dryRun) ingot.checkRun(early);

        Optional<Image> built = builtImage(ingot);
        Spec s = built.isEmpty() ? programSpec() : null;
        if (!dryRun) ctx.progress.info(choice.reason());
        if (dryRun) {
            Image image = built.isPresent() ? built.get() : ingot.build(s, Optional.empty()).image();
            System.out.println(ingot.dryRun(image, forImage(image, flagPorts, flagMemory, choice.accel(),
                    s != null ? s.volumes() : flagVolumes)));
            return 0;
        }
        RunHandle handle;
        if (built.isPresent()) {
            handle = ingot.run(built.get(), spec.program, forImage(built.get(), flagPorts, flagMemory, choice.accel(), flagVolumes));
        } else {
            // The spec carries the config's ports, memory and cpus with the flags on top.
            kernelFlags().check(s.kernel());
            handle = ingot.run(s, options(s.ports(), s.memoryBytes(), s.cpus(), choice.accel(), kernelFlags().words(s.kernel()),
                    s.volumes()));
        }
        if (detach) {
            System.out.println(handle.instance().state().id());
            return 0;
        }
        return handle.waitFor(new FileOutputStream(FileDescriptor.out));
    }

    private RunOptions options(List<PortForward> ports, long memory, int cpus, Accel a, List<String> kernelWords,
                               List<VolumeMount> volumes) {
        return new RunOptions(name, ports, memory, cpus, a, kernelWords, detach, remove, "disk".equals(boot), volumes);
    }

    private RunOptions forImage(Image image, List<PortForward> flagPorts, Long flagMemory, Accel a,
                                List<VolumeMount> volumes) throws IngotException {
        ImageManifest.Run run = image.manifest().run();
        KernelKind kernel = run.kernel();
        kernelFlags().check(kernel);
        long memory = flagMemory != null ? flagMemory : run.memoryBytes();
        MemorySize.checkFor(kernel, memory);
        return options(flagPorts.isEmpty() ? run.ports() : flagPorts, memory,
                spec.cpus != null ? spec.cpus : run.cpus(), a, kernelFlags().words(kernel), volumes);
    }

    /** A built image named instead of a program file (a tag or a digest), if that is what was given. */
    private Optional<Image> builtImage(Ingot ingot) throws IngotException {
        if (spec.program == null || spec.hasProgramFile() || spec.config != null || spec.javaOptions.givesMainClass()
                || spec.pkg != null) {
            return Optional.empty();
        }
        Optional<Image> image = ingot.findImage(spec.program);
        if (image.isEmpty()) throw spec.neitherImageNorFile();
        if (!spec.args.isEmpty() || !spec.env.isEmpty() || spec.kernel != null) {
            throw new UsageException("image " + spec.program + " is already built: arguments, -e and --kernel need a"
                    + " rebuild, so run the program file instead");
        }
        return image;
    }

    private Spec programSpec() throws IngotException {
        if (spec.program == null && spec.config == null && !spec.javaOptions.givesMainClass() && spec.pkg == null) {
            throw new UsageException("no program given: ingot run ./prog (see ingot run --help)");
        }
        return spec.toSpec(null);
    }

    private KernelFlags kernelFlags() {
        return new KernelFlags(trace, noAslr, kernelDebug, missingFiles);
    }
}
