package dev.ingot.cli;

import dev.ingot.api.Ingot;
import dev.ingot.core.IngotException;
import dev.ingot.core.UsageException;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.hypervisor.AccelDetector;
import dev.ingot.core.image.Image;
import dev.ingot.core.image.ImageManifest;
import dev.ingot.core.instance.PortChecker;
import dev.ingot.core.serve.Service;
import dev.ingot.core.serve.ServiceConfig;
import dev.ingot.core.serve.ServiceLog;
import dev.ingot.core.serve.Supervisor;
import dev.ingot.core.spec.MemorySize;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.spec.SpecBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "serve", sortOptions = false,
        description = {"Serve a port, booting the unikernel on its first connection.",
                "Nothing runs until a connection arrives; it boots the VM, which is stopped again",
                "after --idle without connections (docs/serve.md)."},
        footer = {"", "Examples:",
                "  ingot serve -d --name api -p 8080 --idle 30s ./server",
                "  ingot serve -p 18080:8080 --kernel native ./server   # in the foreground; Ctrl-C stops it",
                "  ingot serve -d --name api -p 8080 --min 1 --max 4 api:v1",
                "  ingot ps ; ingot logs api ; ingot stop api ; ingot rm api"})
final class ServeCommand implements Callable<Integer> {
    /** Enough for a Linux-kernel boot of a Go server on a loaded host under TCG. */
    static final String DEFAULT_BOOT_TIMEOUT = "60s";
    /** More VMs than this behind one port is a typo, not a plan: each takes its memory. */
    static final int MAX_VMS = 64;

    /** JVM flags of a detached supervisor (bench/ has its resident memory while it waits). */
    static final List<String> SUPERVISOR_JVM = List.of("-Xms4m", "-Xmx64m", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20", "-XX:ReservedCodeCacheSize=16m", "-XX:-UsePerfData", "-Xss512k");

    @Mixin SpecOptions spec;
    @Mixin CommonOptions common;

    @Option(names = {"-d", "--detach"}, description = "Run the supervisor in the background and print the service name.")
    boolean detach;

    @Option(names = "--name", paramLabel = "NAME", description = "Service name (default: image name plus a short ID); its VMs are NAME-1, NAME-2 ...")
    String name;

    @Option(names = "--idle", paramLabel = "DURATION", description = "Stop a VM after this long without connections (default 30s; 0: never).")
    String idle = "30s";

    @Option(names = "--min", paramLabel = "N", description = "VMs kept booted with no connection (default 0: scale to zero).")
    int min = 0;

    @Option(names = "--max", paramLabel = "N", description = "VMs at most behind the port, least connections first (default 1).")
    int max = 1;

    @Option(names = "--boot-timeout", paramLabel = "DURATION", description = "How long a connection waits for a booting guest to answer (default " + DEFAULT_BOOT_TIMEOUT + ").")
    String bootTimeout = DEFAULT_BOOT_TIMEOUT;

    @Option(names = "--accel", paramLabel = "auto|kvm|tcg", description = "CPU accelerator (default auto: KVM where it really works, else TCG).")
    String accel = "auto";

    @Option(names = "--supervise", paramLabel = "NAME", hidden = true, description = "Run this service's supervisor (what -d starts).")
    String supervise;

    @Override
    public Integer call() throws Exception {
        if (supervise != null) return supervise();
        // Every flag is checked before any image work, so a typo costs nothing.
        long idleMs = DurationFlag.millis(idle, "--idle");
        long bootMs = DurationFlag.millis(bootTimeout, "--boot-timeout");
        if (bootMs <= 0) throw new UsageException("bad --boot-timeout '" + bootTimeout + "': it must be more than 0");
        if (max < 1 || max > MAX_VMS) throw new UsageException("bad --max " + max + ": 1 to " + MAX_VMS);
        if (min < 0 || min > max) throw new UsageException("bad --min " + min + ": 0 to --max (" + max + ")");
        PortForward port = servedPort();
        Long flagMemory = spec.memory != null ? MemorySize.parse(spec.memory, "--memory") : null;
        if (spec.cpus != null) SpecBuilder.checkCpus(spec.cpus);
        spec.parseEnv();
        spec.knownKernel(); // parses --kernel: a bad value fails here, before any image work
        AccelDetector.Choice choice = new AccelDetector().choose(Accel.parse(accel));
        if (name != null && !dev.ingot.core.util.Names.isValid(name)) {
            throw new UsageException("bad service name '" + name + "': use letters, digits, '.', '_' and '-'");
        }
        Context ctx = new Context();
        Ingot ingot = ctx.ingot;
        if (name != null && ingot.findService(name).isPresent()) {
            throw new dev.ingot.core.ConflictException("service name " + name + " is taken: choose another with --name, or ingot rm " + name);
        }
        PortChecker.checkFree(List.of(port));

        Image image = image(ingot);
        ImageManifest.Run run = image.manifest().run();
        long memory = flagMemory != null ? flagMemory : run.memoryBytes();
        MemorySize.checkFor(run.kernel(), memory);
        String serviceName = name != null ? name : image.manifest().name() + "-" + dev.ingot.core.instance.InstanceStore.newId().substring(0, 4);
        ServiceConfig config = new ServiceConfig(ServiceConfig.SCHEMA_VERSION, serviceName, spec.program != null ? spec.program : image.manifest().name(),
                image.digest(), port.hostAddress(), port.hostPort(), port.guestPort(), idleMs, min, max, bootMs, memory,
                spec.cpus != null ? spec.cpus : run.cpus(), choice.accel(), List.of(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Service service = ingot.createService(config);
        if (detach) {
            ingot.startSupervisor(service, selfCommand(serviceName));
            System.out.println(serviceName);
            return 0;
        }
        ctx.progress.info(choice.reason());
        return runSupervisor(ingot, service, new ServiceLog(service.log(), System.err), true);
    }

    /** The background process -d starts: the supervisor of a service already created. */
    private int supervise() throws IngotException {
        Ingot ingot = new Context().ingot;
        Service service = ingot.findService(supervise)
                .orElseThrow(() -> new dev.ingot.core.NotFoundException("service not found: " + supervise));
        return runSupervisor(ingot, service, new ServiceLog(service.log(), null), false);
    }

    private int runSupervisor(Ingot ingot, Service service, ServiceLog log, boolean removeIfUnbound) throws IngotException {
        Supervisor supervisor = ingot.supervisor(service, log);
        try {
            supervisor.bind();
        } catch (IngotException e) {
            if (removeIfUnbound) ingot.removeService(service, true);
            throw e;
        }
        // Ctrl-C, SIGTERM (ingot stop) or a hang-up: stop the VMs the way ingot stop does, then end.
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::shutdown, "ingot-serve-stop"));
        if (removeIfUnbound) log.accept("Ctrl-C stops the service and its VMs");
        supervisor.run();
        return 0;
    }

    /** Exactly one TCP port: the one served. */
    private PortForward servedPort() throws IngotException {
        List<PortForward> ports = spec.parsePorts();
        if (ports.size() != 1) {
            throw new UsageException("serve needs exactly one -p [ADDR:]HOST_PORT:GUEST_PORT, the port it serves (got " + ports.size() + ")");
        }
        PortForward p = ports.getFirst();
        if (!p.protocol().equals("tcp")) throw new UsageException("serve relays TCP connections: -p " + p + " is " + p.protocol());
        return p;
    }

    /** A built image named by tag or digest, or the image of a program (built or from the build cache). */
    private Image image(Ingot ingot) throws IngotException {
        boolean builtName = spec.program != null && !spec.hasProgramFile() && spec.config == null
                && !spec.javaOptions.givesMainClass() && spec.pkg == null;
        if (builtName) {
            Optional<Image> image = ingot.findImage(spec.program);
            if (image.isEmpty()) throw spec.neitherImageNorFile();
            if (!spec.args.isEmpty() || !spec.env.isEmpty() || spec.kernel != null) {
                throw new UsageException("image " + spec.program + " is already built: arguments, -e and --kernel need a"
                        + " rebuild, so serve the program file instead");
            }
            return image.get();
        }
        if (spec.program == null && spec.config == null && !spec.javaOptions.givesMainClass()) {
            throw new UsageException("no program given: ingot serve -p 8080 ./server (see ingot serve --help)");
        }
        Spec s = spec.toSpec(null);
        return ingot.build(s, Optional.empty()).image();
    }

    /** This same program, told to run the service's supervisor: the JVM, its flags and class path as now. */
    private static List<String> selfCommand(String serviceName) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-XX:ArchiveClassesAtExit")) cmd.add(arg); // a CDS dump is this run's, not the supervisor's
        }
        // A long-lived process that mostly waits: a small heap given back when free keeps its host memory low.
        cmd.addAll(SUPERVISOR_JVM);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), dev.ingot.cli.Ingot.class.getName(),
                "serve", "--supervise", serviceName));
        return cmd;
    }
}
