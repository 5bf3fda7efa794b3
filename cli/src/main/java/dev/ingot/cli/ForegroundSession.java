package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.ExitStatus;
import dev.ingot.core.hypervisor.QemuFailure;
import dev.ingot.core.instance.ConsoleFollower;
import dev.ingot.core.instance.Instance;
import dev.ingot.core.instance.InstanceControl;
import dev.ingot.core.instance.InstanceLauncher;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * `ingot run` in the foreground: the console on the terminal until the
 * program exits, whose status becomes ours. Ctrl-C (or SIGTERM) stops the VM
 * through a shutdown hook, so nothing is left running.
 */
final class ForegroundSession {
    private final Instance instance;
    private final Process process;
    /** What a shell reports for a program ended by SIGINT. */
    private static final int STOPPED_STATUS = 130;
    private final AtomicBoolean finished = new AtomicBoolean();

    ForegroundSession(InstanceLauncher.Started started) {
        this.instance = started.instance();
        this.process = started.process();
    }

    int run() throws IngotException {
        Thread hook = new Thread(this::interrupted, "ingot-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        // The raw stdout, unbuffered by System.out's encoder: console bytes pass through as they are.
        OutputStream terminal = new FileOutputStream(FileDescriptor.out);
        try {
            ConsoleFollower.follow(instance.consoleLog(), terminal, process::isAlive);
        } catch (IOException e) {
            throw new IngotException("cannot read the console log " + instance.consoleLog() + ": " + e.getMessage());
        }
        int qemuStatus = waitFor();
        finished.set(true);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook sees finished and does nothing
        }
        recordQemuStatus(qemuStatus);
        if (Files.exists(instance.stoppedMarker())) return STOPPED_STATUS; // stopped from outside (ingot stop)
        OptionalInt status = ExitStatus.fromControlFile(instance.controlFile());
        if (status.isEmpty()) status = ExitStatus.fromQemuStatus(qemuStatus);
        if (status.isEmpty()) {
            String name = instance.state().name();
            // QEMU status 0 with no record: the guest reset itself (Linux panics with panic=-1 and
            // -no-reboot end that way), as opposed to QEMU failing, which leaves a message in qemu.log.
            String why = qemuStatus == 0 ? "the guest stopped without reporting an exit status (a kernel panic?)"
                    : QemuFailure.explain(instance.qemuLog());
            throw new IngotException(why + ": see ingot logs " + name);
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
        InstanceControl.markStopped(instance);
        process.destroy();
        try {
            if (!process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException ignored) {
            process.destroyForcibly();
        }
        System.err.println("\ningot: stopped " + instance.state().name());
    }
}
