package dev.ingot.core.instance;

import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.ExitStatus;
import dev.ingot.core.hypervisor.QemuFailure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run in the foreground: the console goes to an output until the program
 * exits, and its status is the result. Ctrl-C or SIGTERM of this process
 * stops the VM through a shutdown hook, so no QEMU outlives us, and an
 * instance started with --rm is removed on every way out, the hook included.
 */
public final class ForegroundSession {
    /** What a shell reports for a program ended by SIGINT. */
    public static final int STOPPED_STATUS = 130;

    private final InstanceStore store;
    private final Instance instance;
    private final Process process;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();

    public ForegroundSession(InstanceStore store, InstanceLauncher.Started started) {
        this.store = store;
        this.instance = started.instance();
        this.process = started.process();
    }

    public int run(OutputStream console) throws IngotException {
        Thread hook = new Thread(this::interrupted, "ingot-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try {
                ConsoleFollower.follow(instance.consoleLog(), console, ConsoleFollower.Running.of(process));
            } catch (IOException e) {
                throw new IngotException("cannot read the console log " + instance.consoleLog() + ": " + e.getMessage());
            }
            int qemuStatus = waitFor();
            if (interrupted.get()) return STOPPED_STATUS; // the hook stops, cleans up and reports
            finished.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook sees finished and does nothing
            }
            return status(qemuStatus);
        } finally {
            if (finished.get() && instance.state().removeOnExit()) store.remove(instance);
        }
    }

    private int status(int qemuStatus) throws IngotException {
        recordQemuStatus(qemuStatus);
        OptionalInt status = ExitStatus.fromControlFile(instance.controlFile());
        // Stopped from outside (ingot stop): the program's own status if it ended on the SIGTERM.
        if (Files.exists(instance.stoppedMarker())) return status.orElse(STOPPED_STATUS);
        if (status.isEmpty()) status = ExitStatus.fromQemuStatus(qemuStatus);
        if (status.isEmpty()) {
            String name = instance.state().name();
            // QEMU status 0 with no record: the guest reset itself (Linux panics with panic=-1 and
            // -no-reboot end that way), as opposed to QEMU failing, which leaves a message in qemu.log.
            String why = qemuStatus == 0 ? "the guest stopped without reporting an exit status (a kernel panic?)"
                    : QemuFailure.explain(instance.qemuLog());
            throw new IngotException(why + (instance.state().removeOnExit() ? "" : ": see ingot logs " + name));
        }
        return status.getAsInt();
    }

    private int waitFor() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    private void recordQemuStatus(int qemuStatus) {
        try {
            Files.writeString(instance.qemuStatusFile(), qemuStatus + "\n");
        } catch (IOException ignored) {
            // ps then shows the status from the control record, or unknown
        }
    }

    /** Runs on Ctrl-C/SIGTERM while the VM is up: stop it and wait, so no QEMU outlives us. */
    private void interrupted() {
        if (finished.get()) return;
        interrupted.set(true);
        try {
            InstanceControl.stop(instance, Duration.ofSeconds(3));
        } catch (IngotException e) {
            process.destroyForcibly();
        }
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException ignored) {
            process.destroyForcibly();
        }
        if (instance.state().removeOnExit()) {
            try {
                store.remove(instance);
            } catch (IngotException ignored) {
                // nothing more can be done while the JVM exits
            }
        }
        System.err.println("\ningot: stopped " + instance.state().name());
    }
}
