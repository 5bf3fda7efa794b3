package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.hypervisor.AccelDetector;
import dev.ingot.core.hypervisor.QemuCommand;
import dev.ingot.core.image.Image;
import dev.ingot.core.image.ImageManifest;
import dev.ingot.core.instance.InstanceLauncher;
import dev.ingot.core.instance.RunOptions;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.MemorySize;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.spec.SpecBuilder;
import dev.ingot.core.util.Names;
import dev.ingot.core.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", sortOptions = false,
        description = "Build an image from a program (or take a built one) and boot it.",
        footer = {"", "Examples:",
                "  ingot run -p 8080 examples/echo/echo",
                "  ingot run -d --name e1 -p 18080:8080 ./echo",
                "  ingot run -e GREETING=hi -m 64M ./prog arg1 arg2",
                "  ingot run --kernel native ./static-prog",
                "  ingot run -p 8080 app.jar        # a runnable jar (docs/java.md)",
                "  ingot run --main com.example.Main --classpath 'target/classes:target/lib/*'",
                "  ingot run --rm ./prog           # remove the instance when it ends",
                "  ingot run --dry-run ./prog      # print the QEMU command line"})
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

    @Option(names = "--dry-run", description = "Build the image, print the exact QEMU command line, boot nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        // Flags are checked before any work, so a typo costs nothing.
        Accel requested = Accel.parse(accel);
        List<PortForward> flagPorts = spec.parsePorts();
        Long flagMemory = spec.memory != null ? MemorySize.parse(spec.memory, "--memory") : null;
        if (spec.cpus != null) SpecBuilder.checkCpus(spec.cpus);
        if (spec.knownKernel() != null) kernelFlags().check(spec.knownKernel());
        if (name != null && !Names.isValid(name)) {
            throw new IngotException("bad instance name '" + name + "': use letters, digits, '.', '_' and '-'", 2, null);
        }
        Context ctx = new Context();
        Progress progress = ctx.progress();
        Image image = resolveImage(ctx, progress);
        ImageManifest.Run run = image.manifest().run();
        KernelKind kernel = KernelKind.valueOf(run.kernel().toUpperCase());
        kernelFlags().check(kernel);
        List<PortForward> ports = flagPorts.isEmpty() ? manifestPorts(run) : flagPorts;
        long memory = flagMemory != null ? flagMemory : run.memoryBytes();
        MemorySize.checkFor(kernel, memory);
        int cpus = spec.cpus != null ? spec.cpus : run.cpus();
        AccelDetector.Choice choice = new AccelDetector().choose(requested);
        if (remove && detach) throw new IngotException("--rm goes with a foreground run, not with -d", 2, null);
        RunOptions options = new RunOptions(name, ports, memory, cpus, choice.accel(), kernelFlags().words(kernel), detach);
        InstanceLauncher launcher = new InstanceLauncher(ctx.instances);
        if (dryRun) {
            System.out.println(QemuCommand.toShell(launcher.commandFor(image, options)));
            return 0;
        }
        progress.info(choice.reason());
        InstanceLauncher.Started started = launcher.start(image, options);
        if (detach) {
            System.out.println(started.instance().state().id());
            return 0;
        }
        progress.info("booting " + image.manifest().name() + " (" + run.kernel() + " kernel) as "
                + started.instance().state().name() + (ports.isEmpty() ? "" : ", ports " + ports) + "; Ctrl-C stops it");
        try {
            return new ForegroundSession(started).run();
        } finally {
            if (remove) ctx.instances.remove(started.instance());
        }
    }

    private Image resolveImage(Context ctx, Progress progress) throws IngotException {
        if (spec.program != null && !spec.hasProgramFile() && spec.config == null && ctx.images.exists(spec.program)) {
            if (!spec.args.isEmpty() || !spec.env.isEmpty() || spec.kernel != null) {
                throw new IngotException("image " + spec.program + " is already built: arguments, -e and --kernel need a"
                        + " rebuild, so run the program file instead", 2, null);
            }
            return ctx.images.get(spec.program);
        }
        if (spec.program == null && spec.config == null && !spec.javaOptions.givesMainClass()) {
            throw new IngotException("no program given: ingot run ./prog (see ingot run --help)", 2, null);
        }
        Spec s = spec.toSpec(null);
        return ctx.imageBuilder(progress).build(s);
    }

    private static List<PortForward> manifestPorts(ImageManifest.Run run) throws IngotException {
        List<PortForward> out = new ArrayList<>();
        for (String p : run.ports()) out.add(PortForward.parseStored(p));
        return out;
    }

    private KernelFlags kernelFlags() {
        return new KernelFlags(trace, noAslr, kernelDebug);
    }
}
