package dev.ingot.core.instance;

import java.util.OptionalInt;

/**
 * What an instance is doing now.
 *
 * @param running    QEMU is alive
 * @param exitStatus the program's status once it has exited, if known (also
 *                   after a graceful stop: the status the program chose on SIGTERM)
 * @param stopped    ended by `ingot stop` or Ctrl-C rather than on its own
 */
public record InstanceStatus(boolean running, OptionalInt exitStatus, boolean stopped) {
    public String describe() {
        if (running) return "running";
        if (stopped) return exitStatus.isPresent() ? "stopped (" + exitStatus.getAsInt() + ")" : "stopped";
        return exitStatus.isPresent() ? "exited (" + exitStatus.getAsInt() + ")" : "exited (unknown)";
    }
}
