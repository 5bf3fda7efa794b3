package dev.ingot.core.instance;

import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.QmpClient;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Ends instances: QMP "quit" first (QEMU shuts down cleanly and removes its
 * socket), then SIGTERM, then SIGKILL if it is still there after the timeout.
 * Nothing is left running.
 */
public final class InstanceControl {
    private InstanceControl() {
    }

    /** @return true if it was running and has been stopped */
    public static boolean stop(Instance instance, long timeoutMs) throws IngotException {
        Optional<ProcessHandle> process = instance.process();
        if (process.isEmpty()) return false;
        markStopped(instance);
        ProcessHandle p = process.get();
        try (QmpClient qmp = QmpClient.connect(instance.qmpSocket())) {
            qmp.execute("quit");
        } catch (IOException e) {
            p.destroy(); // no QMP (socket gone or QEMU busy): SIGTERM does the same for QEMU
        }
        if (!waitForExit(p, timeoutMs)) {
            p.destroyForcibly();
            if (!waitForExit(p, 2000)) {
                throw new IngotException("instance " + instance.state().name() + " (pid " + p.pid() + ") did not stop");
            }
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

    private static boolean waitForExit(ProcessHandle p, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (p.isAlive() && System.currentTimeMillis() < deadline) InstanceLauncher.sleep(20);
        return !p.isAlive();
    }
}
