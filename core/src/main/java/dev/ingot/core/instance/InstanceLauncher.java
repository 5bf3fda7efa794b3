package dev.ingot.core.instance;

import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.ExitStatus;
import dev.ingot.core.hypervisor.QemuBinary;
import dev.ingot.core.hypervisor.QemuCommand;
import dev.ingot.core.hypervisor.QemuFailure;
import dev.ingot.core.image.Image;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.util.Names;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts QEMU for an image as a new instance, in a session of its own
 * (setsid). A foreground instance stays our child; a detached one is left
 * running when we exit.
 */
public final class InstanceLauncher {
    /** How long a detached start may take before QEMU has opened its QMP socket. */
    private static final long START_TIMEOUT_MS = 10_000;

    private final InstanceStore store;

    public InstanceLauncher(InstanceStore store) {
        this.store = store;
    }

    /** The started instance and, for a foreground run, its QEMU process. */
    public record Started(Instance instance, Process process) {}

    /** The exact command a start would run, for --dry-run. Creates nothing. */
    public List<String> commandFor(Image image, RunOptions options) throws IngotException {
        String id = InstanceStore.newId();
        return command(image, options, new Instance(store.dirFor(id), null));
    }

    public Started start(Image image, RunOptions options) throws IngotException {
        QemuBinary.locate();
        String id = InstanceStore.newId();
        String name = options.name() != null ? options.name() : image.manifest().name() + "-" + id.substring(0, 4);
        if (!Names.isValid(name)) {
            throw new IngotException("bad instance name '" + name + "': use letters, digits, '.', '_' and '-'", 2, null);
        }
        if (store.nameTaken(name)) {
            throw new IngotException("instance name " + name + " is taken: choose another, or ingot rm " + name, 2, null);
        }
        PortChecker.checkFree(options.ports());
        Instance draft = new Instance(store.dirFor(id), null);
        List<String> command = command(image, options, draft);
        InstanceState state = new InstanceState(id, name, image.manifest().name(), image.manifest().run().kernel(),
                options.ports().stream().map(Object::toString).toList(), 0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), options.memoryBytes(), options.accel().id(), command);
        Instance instance = store.create(state);
        // QEMU always gets a session of its own: a terminal's Ctrl-C or hang-up then reaches only
        // us, and a foreground run stops the VM deliberately (marking it stopped) instead of racing
        // QEMU's own signal exit; a detached instance outlives the terminal.
        List<String> launch = new ArrayList<>();
        launch.add("setsid");
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
        // setsid execs QEMU in place when the caller is not a group leader, so the pid is QEMU's.
        instance = new Instance(instance.dir(), withPid(state, process.pid()));
        store.save(instance);
        if (options.detached()) waitUntilUp(instance, process);
        return new Started(instance, process);
    }

    private static InstanceState withPid(InstanceState s, long pid) {
        return new InstanceState(s.id(), s.name(), s.image(), s.kernel(), s.ports(), pid, s.started(), s.memoryBytes(),
                s.accel(), s.command());
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
            sleep(20);
        }
    }

    private static List<String> command(Image image, RunOptions o, Instance where) {
        return QemuCommand.build(new QemuCommand.Boot(image.kernel(), image.rootfs(),
                KernelKind.valueOf(image.manifest().run().kernel().toUpperCase()), o.memoryBytes(), o.cpus(), o.ports(),
                o.accel(), o.kernelArgs(), where.consoleLog(), where.controlFile(), where.qmpSocket()));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
