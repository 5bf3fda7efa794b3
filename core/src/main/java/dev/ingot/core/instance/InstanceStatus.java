package dev.ingot.core.instance;

import java.util.OptionalInt;

/**
 * What an instance is doing now.
 *
 * @param running    QEMU is alive
 * @param exitStatus the program's status once it has exited, if known
 * @param stopped    ended by `ingot stop` or Ctrl-C rather than by the program
 */
public record InstanceStatus(boolean running, OptionalInt exitStatus, boolean stopped) {
    public String describe() {
        if (running) return "running";
        if (stopped) return "stopped";
        return exitStatus.isPresent() ? "exited (" + exitStatus.getAsInt() + ")" : "exited (unknown)";
    }
}
