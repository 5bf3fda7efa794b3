package dev.ingot.core.instance;

import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.store.Digest;

import java.time.Instant;
import java.util.List;

/**
 * state.json of an instance: fixed at start. Whether it is running now is
 * derived each time from the process and the files beside it (see
 * {@link InstanceStatus}), never stored, so it cannot go stale.
 *
 * @param image       what the user named (a tag, or the image's name when built from a program), for display
 * @param imageDigest the manifest digest it boots: re-tagging or removing a name never changes it
 * @param pid         QEMU's pid, 0 until QEMU is started
 * @param removeOnExit a foreground --rm run: removed when it ends, however it ends
 */
public record InstanceState(int schemaVersion, String id, String name, String image, Digest imageDigest,
                            KernelKind kernel, List<PortForward> ports, long pid, Instant started, long memoryBytes,
                            int cpus, Accel accel, boolean removeOnExit, List<String> command) {
    public static final int SCHEMA_VERSION = 2;

    public InstanceState {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema version " + schemaVersion + ", this Ingot reads " + SCHEMA_VERSION);
        }
        if (id == null || name == null || imageDigest == null || kernel == null || started == null || accel == null) {
            throw new IllegalArgumentException("a required field is missing");
        }
        ports = ports == null ? List.of() : List.copyOf(ports);
        command = command == null ? List.of() : List.copyOf(command);
    }

    public InstanceState withPid(long newPid) {
        return new InstanceState(schemaVersion, id, name, image, imageDigest, kernel, ports, newPid, started, memoryBytes,
                cpus, accel, removeOnExit, command);
    }
}
