package dev.ingot.api;

import dev.ingot.core.IngotException;
import dev.ingot.core.instance.ForegroundSession;
import dev.ingot.core.instance.Instance;
import dev.ingot.core.instance.InstanceControl;
import dev.ingot.core.instance.InstanceLauncher;
import dev.ingot.core.instance.InstanceStore;

import java.io.OutputStream;
import java.time.Duration;

/**
 * A started instance: follow it in the foreground until it ends (its exit
 * status is the result), or stop it. A detached run returns its handle as
 * soon as QEMU is up; the instance outlives this process.
 */
public final class RunHandle {
    private final InstanceStore store;
    private final InstanceLauncher.Started started;

    RunHandle(InstanceStore store, InstanceLauncher.Started started) {
        this.store = store;
        this.started = started;
    }

    public Instance instance() {
        return started.instance();
    }

    /**
     * Copies the console to an output until the program ends and returns its
     * exit status (130 when stopped by a signal or `ingot stop`). Ctrl-C of
     * this process stops the VM; a --rm instance is removed however it ends.
     */
    public int waitFor(OutputStream console) throws IngotException {
        return new ForegroundSession(store, started).run(console);
    }

    /** Stops the instance (see {@link InstanceControl}); true if it was running. */
    public boolean stop(Duration grace) throws IngotException {
        return InstanceControl.stop(started.instance(), grace);
    }
}
