package dev.ingot.core.instance;

import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.QmpClient;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/**
 * The stop policy, the one place instances are ended: QMP "quit" first
 * (QEMU shuts down cleanly), bounded by {@link #QMP_TIMEOUT} so a frozen
 * QEMU cannot hang us; then, once the grace time is over, SIGTERM, and
 * SIGKILL (which also ends a stopped process) after {@link #TERM_GRACE}.
 * Nothing is left running.
 */
public final class InstanceControl {
    /** A live QEMU answers QMP in milliseconds; this is generous for a loaded host. */
    static final Duration QMP_TIMEOUT = Duration.ofSeconds(2);
    /** Time SIGTERM gets before SIGKILL. */
    static final Duration TERM_GRACE = Duration.ofSeconds(1);

    private InstanceControl() {
    }

    /** @return true if it was running and has been stopped */
    public static boolean stop(Instance instance, Duration grace) throws IngotException {
        Optional<ProcessHandle> process = instance.process();
        if (process.isEmpty()) return false;
        markStopped(instance);
        ProcessHandle p = process.get();
        try {
            QmpClient.quit(instance.qmpSocket(), QMP_TIMEOUT.compareTo(grace) < 0 ? QMP_TIMEOUT : grace);
        } catch (IOException e) {
            p.destroy(); // no answer on QMP: SIGTERM does the same for a QEMU that still runs
        }
        if (waitForExit(p, grace)) return true;
        p.destroy();
        if (waitForExit(p, TERM_GRACE)) return true;
        p.destroyForcibly();
        if (!waitForExit(p, Duration.ofSeconds(5))) {
            throw new IngotException("instance " + instance.state().name() + " (pid " + p.pid() + ") did not stop");
        }
        return true;
    }

    public static void markStopped(Instance instance) {
        try {
            if (!Files.exists(instance.stoppedMarker())) Files.createFile(instance.stoppedMarker());
        } catch (IOException ignored) {
            // the status then reads "exited (unknown)" instead of "stopped"
        }
    }

    private static boolean waitForExit(ProcessHandle p, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !p.isAlive();
    }
}
