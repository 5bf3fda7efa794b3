package dev.ingot.core.serve;

import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.store.Digest;

import java.time.Instant;
import java.util.List;

/**
 * service.json: what `ingot serve` was asked to do, fixed when the service is
 * created. The supervisor (the same process in the foreground, a detached
 * one with -d) reads it and never changes it; what it is doing now is
 * {@link ServiceStatus}.
 *
 * @param image         what the user named (a tag, or the image's name when built from a program), for display
 * @param imageDigest   the manifest every instance of the service boots
 * @param hostAddress   the address the supervisor listens on ("" for all)
 * @param idleMs        a VM with no connection for this long is stopped; 0 never
 * @param min           VMs kept booted even with no connection (0: scale to zero)
 * @param max           VMs at most behind the port
 * @param bootTimeoutMs how long a connection waits for a booting guest to answer before it is closed
 */
public record ServiceConfig(int schemaVersion, String name, String image, Digest imageDigest, String hostAddress,
                            int hostPort, int guestPort, long idleMs, int min, int max, long bootTimeoutMs,
                            long memoryBytes, int cpus, Accel accel, List<String> kernelArgs, Instant created) {
    public static final int SCHEMA_VERSION = 1;

    public ServiceConfig {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema version " + schemaVersion + ", this Ingot reads " + SCHEMA_VERSION);
        }
        if (name == null || imageDigest == null || accel == null || created == null) {
            throw new IllegalArgumentException("a required field is missing");
        }
        hostAddress = hostAddress == null ? "" : hostAddress;
        kernelArgs = kernelArgs == null ? List.of() : List.copyOf(kernelArgs);
    }

    /** The name of the instance in slot N (1-based): api-1, api-2, ... so ps shows the same names every boot. */
    public String instanceName(int slot) {
        return name + "-" + slot;
    }
}
