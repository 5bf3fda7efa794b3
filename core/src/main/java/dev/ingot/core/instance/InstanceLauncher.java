package dev.ingot.core.instance;

import dev.ingot.core.GuestAbi;
import dev.ingot.core.IngotException;
import dev.ingot.core.UsageException;
import dev.ingot.core.hypervisor.ExitStatus;
import dev.ingot.core.hypervisor.QemuBinary;
import dev.ingot.core.hypervisor.QemuCommand;
import dev.ingot.core.hypervisor.QemuFailure;
import dev.ingot.core.hypervisor.QmpClient;
import dev.ingot.core.image.BootRootfs;
import dev.ingot.core.image.Image;
import dev.ingot.core.util.Names;
import dev.ingot.core.volume.Volume;
import dev.ingot.core.volume.VolumeMount;
import dev.ingot.core.volume.VolumeStore;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts QEMU for an image as a new instance, in a session of its own
 * (setsid). A foreground instance stays our child; a detached one is left
 * running when we exit. The instance records the image's digest, and QEMU
 * reads the image's parts straight from the blob store (they are immutable).
 */
public final class InstanceLauncher {
    /** How long a detached start may take before QEMU has opened its QMP socket. */
    private static final long START_TIMEOUT_MS = 10_000;

    private final InstanceStore store;
    private final VolumeStore volumes;

    public InstanceLauncher(InstanceStore store) {
        this(store, null);
    }

    /** @param volumes where -v names are looked up; null when this Ingot has none */
    public InstanceLauncher(InstanceStore store, VolumeStore volumes) {
        this.store = store;
        this.volumes = volumes;
    }

    /** The started instance and, for a foreground run, its QEMU process. */
    public record Started(Instance instance, Process process) {}

    /**
     * The command a user can paste to boot this image by hand (--dry-run):
     * console on the terminal, no state files, only paths that exist.
     */
    public List<String> pasteableCommand(Image image, RunOptions o, Path disk) {
        List<QemuCommand.Disk> disks = new ArrayList<>();
        try {
            disks = disks(o);
        } catch (IngotException e) {
            // --dry-run prints the line even for a volume that does not exist yet: it boots nothing
            for (VolumeMount m : o.volumes()) disks.add(new QemuCommand.Disk(java.nio.file.Path.of(m.name() + ".raw"), GuestAbi.VOLUME_SERIAL + disks.size()));
        }
        // An image with package parts: the user joins them first (Ingot.dryRun prints the cat line).
        Path rootfs = BootRootfs.needsJoining(image) ? Path.of(BootRootfs.PASTE_NAME) : image.rootfs();
        return QemuCommand.build(new QemuCommand.Boot(image.kernel(), rootfs, image.manifest().run().kernel(),
                o.memoryBytes(), o.cpus(), o.ports(), o.accel(), kernelArgs(o), null, null, null, null, disk, disks));
    }

    /** The checks a start makes, done before any image work so a bad flag costs nothing. */
    public void precheck(RunOptions options) throws IngotException {
        QemuBinary.locate();
        if (options.name() != null) {
            if (!Names.isValid(options.name())) {
                throw new UsageException("bad instance name '" + options.name() + "': use letters, digits, '.', '_' and '-'");
            }
            if (store.nameTaken(options.name())) throw InstanceStore.taken(options.name());
        }
        if (options.removeOnExit() && options.detached()) {
            throw new UsageException("--rm goes with a foreground run, not with -d");
        }
        PortChecker.checkFree(options.ports());
        disks(options); // resolving them is the check: each exists and is free
    }

    /** The most volumes one instance takes: virtio-mmio slots are shared with net and rng. */
    static final int MAX_VOLUMES = GuestAbi.MAX_VOLUMES;

    /**
     * The volumes' disks, in order, each checked: it exists, no running
     * instance has it, and neither it nor its mount path is named twice.
     */
    private List<QemuCommand.Disk> disks(RunOptions options) throws IngotException {
        List<QemuCommand.Disk> out = new ArrayList<>();
        if (options.volumes().isEmpty()) return out;
        if (volumes == null) throw new IngotException("volumes are not available here");
        if (options.volumes().size() > MAX_VOLUMES) {
            throw new UsageException("too many volumes (" + options.volumes().size() + "): at most " + MAX_VOLUMES);
        }
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (VolumeMount m : options.volumes()) {
            if (!names.add(m.name())) throw new UsageException("volume " + m.name() + " is attached twice: give it once");
            if (!paths.add(m.path())) throw new UsageException("two volumes are mounted at " + m.path() + ": give each its own path");
            Volume v = volumes.get(m.name());
            volumes.checkFree(v);
            out.add(new QemuCommand.Disk(v.disk(), GuestAbi.VOLUME_SERIAL + out.size()));
        }
        return out;
    }

    /**
     * The kernel words: the options' own, plus where each volume is mounted
     * (ingot.volumes=/a,/b: the N-th path is for the disk with serial volN,
     * which is also the N-th virtio-blk device).
     */
    private static List<String> kernelArgs(RunOptions o) {
        if (o.volumes().isEmpty()) return o.kernelArgs();
        List<String> words = new ArrayList<>(o.kernelArgs());
        words.add(GuestAbi.CMDLINE_VOLUMES + String.join(",", o.volumes().stream().map(VolumeMount::path).toList()));
        return words;
    }

    /**
     * @param label what the user called the image (shown by ps)
     * @param disk  the image's boot disk when options ask for a disk boot, else null
     */
    public Started start(Image image, String label, RunOptions options, Path disk) throws IngotException {
        return start(image, label, options, disk, List.of());
    }

    /**
     * @param wrapper words put between setsid and QEMU, e.g. {@code setpriv --pdeathsig KILL} so
     *                the VM dies with the process that started it (ingot serve's supervisor)
     */
    public Started start(Image image, String label, RunOptions options, Path disk, List<String> wrapper)
            throws IngotException {
        precheck(options);
        String id = InstanceStore.newId();
        String name = options.name() != null ? options.name() : image.manifest().name() + "-" + id.substring(0, 4);
        Instance draft = new Instance(store.dirFor(id), null);
        // Package parts and the image's own rootfs, joined in the instance's directory until QEMU has read them.
        Path joined = BootRootfs.needsJoining(image) ? draft.dir().resolve("rootfs.cpio") : null;
        List<String> command = QemuCommand.build(new QemuCommand.Boot(image.kernel(), joined != null ? joined : image.rootfs(),
                image.manifest().run().kernel(), options.memoryBytes(), options.cpus(), options.ports(), options.accel(),
                kernelArgs(options), draft.consoleLog(), draft.controlFile(), draft.qmpSocket(), draft.signalSocket(),
                disk, disks(options)));
        InstanceState state = new InstanceState(InstanceState.SCHEMA_VERSION, id, name, label, image.digest(),
                image.manifest().run().kernel(), options.ports(), 0, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                options.memoryBytes(), options.cpus(), options.accel(), options.removeOnExit(), command);
        Instance instance = store.create(state);
        if (joined != null) {
            try {
                BootRootfs.join(image, joined);
            } catch (IOException e) {
                store.remove(instance);
                throw new IngotException("cannot write the rootfs of " + name + " in " + instance.dir() + ": " + e.getMessage());
            }
        }
        // QEMU always gets a session of its own: a terminal's Ctrl-C or hang-up then reaches only
        // us, and a foreground run stops the VM deliberately (marking it stopped) instead of racing
        // QEMU's own signal exit; a detached instance outlives the terminal.
        List<String> launch = new ArrayList<>();
        launch.add("setsid");
        launch.addAll(wrapper);
        launch.addAll(command);
        Process process;
        try {
            process = new ProcessBuilder(launch)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(instance.qemuLog().toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            store.remove(instance);
            throw new IngotException("cannot start QEMU: " + e.getMessage());
        }
        // setsid (and a wrapper such as setpriv) exec QEMU in place when the caller is not a group
        // leader, so the pid is QEMU's.
        instance = new Instance(instance.dir(), state.withPid(process.pid()));
        store.save(instance);
        if (options.detached()) waitUntilUp(instance, process);
        if (joined != null) dropWhenRead(instance, process, joined);
        return new Started(instance, process);
    }

    /**
     * Deletes the joined rootfs once QEMU has read it: QEMU loads -initrd
     * while it builds the machine, before its main loop runs, and QMP
     * answers only from the main loop. Kept (and removed with the instance)
     * if QEMU does not answer in time.
     */
    private static void dropWhenRead(Instance instance, Process process, Path joined) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            boolean read = !process.isAlive();
            if (!read && Files.exists(instance.qmpSocket())) {
                try (QmpClient qmp = QmpClient.connect(instance.qmpSocket())) {
                    read = true;
                } catch (IOException e) {
                    // not listening yet, or busy with another client: try again
                }
            }
            if (read) {
                try {
                    Files.deleteIfExists(joined);
                } catch (IOException e) {
                    // left for the instance's removal
                }
                return;
            }
            ConsoleFollower.Running.of(process).pause(20);
        }
    }

    /** Waits for the QMP socket, so a QEMU that fails at once (a port taken) is reported, not left as "exited". */
    private void waitUntilUp(Instance instance, Process process) throws IngotException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                if (ExitStatus.fromControlFile(instance.controlFile()).isPresent()) {
                    return; // the program already ran to its end: a short-lived job, not a failure
                }
                String why = QemuFailure.explain(instance.qemuLog());
                store.remove(instance);
                throw new IngotException(why);
            }
            if (Files.exists(instance.qmpSocket())) return;
            ConsoleFollower.Running.of(process).pause(20); // wakes at once if QEMU dies
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
