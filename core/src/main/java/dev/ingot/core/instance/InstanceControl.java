package dev.ingot.core.instance;

import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.QmpClient;
import dev.ingot.core.hypervisor.SignalChannel;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/**
 * The stop policy, the one place instances are ended. A graceful stop first:
 * SIGTERM to the program over the instance's signal channel
 * ({@link SignalChannel}), then the grace time for it to exit (its status is
 * then the program's own). After that, or at once for an instance without
 * the channel, QMP "quit" (QEMU shuts down cleanly), bounded by
 * {@link #QMP_TIMEOUT} so a frozen QEMU cannot hang us; then SIGTERM of
 * QEMU, and SIGKILL (which also ends a stopped process) after
 * {@link #TERM_GRACE}. Nothing is left running.
 */
public final class InstanceControl {
    /** A live QEMU answers QMP in milliseconds; this is generous for a loaded host. */
    static final Duration QMP_TIMEOUT = Duration.ofSeconds(2);
    /** Time QEMU gets to end after QMP quit when the program already had its grace time. */
    static final Duration QUIT_GRACE = Duration.ofSeconds(2);
    /** How often a stop looks whether QEMU is gone. */
    static final Duration EXIT_POLL = Duration.ofMillis(10);
    /** Time SIGTERM gets before SIGKILL. */
    static final Duration TERM_GRACE = Duration.ofSeconds(1);

    private InstanceControl() {
    }

    /**
     * @param grace how long the program has to end after SIGTERM
     * @return true if it was running and has been stopped
     */
    public static boolean stop(Instance instance, Duration grace) throws IngotException {
        Optional<ProcessHandle> process = instance.process();
        if (process.isEmpty()) return false;
        markStopped(instance);
        ProcessHandle p = process.get();
        Duration afterQuit = grace;
        Optional<SignalChannel> signals = SignalChannel.connect(instance.signalSocket());
        if (signals.isPresent()) {
            // Closed only after the wait: QEMU may drop bytes the guest has not read when we hang up.
            try (SignalChannel channel = signals.get()) {
                if (channel.send(SignalChannel.SIGTERM)) {
                    if (waitForExit(p, grace)) return true;
                    afterQuit = QUIT_GRACE;
                }
            }
        }
        try {
            QmpClient.quit(instance.qmpSocket(), QMP_TIMEOUT.compareTo(afterQuit) < 0 ? QMP_TIMEOUT : afterQuit);
        } catch (IOException e) {
            p.destroy(); // no answer on QMP: SIGTERM does the same for a QEMU that still runs
        }
        if (waitForExit(p, afterQuit)) return true;
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
            // the status then reads "exited (...)" instead of "stopped"
        }
    }

    /**
     * Polls rather than waiting on {@code onExit()}: for a process that is not our child (every
     * detached QEMU) the JDK polls from 300 ms up, which would add that much to every stop.
     */
    private static boolean waitForExit(ProcessHandle p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (p.isAlive()) {
            if (System.nanoTime() - deadline >= 0) return false;
            try {
                Thread.sleep(EXIT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !p.isAlive();
            }
        }
        return true;
    }
}
