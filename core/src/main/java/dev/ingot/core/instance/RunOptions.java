package dev.ingot.core.instance;

import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.volume.VolumeMount;

import java.util.List;

/**
 * How to boot an image this time (the image says what to run; these say how).
 *
 * @param name         instance name, or null for a generated one
 * @param ports        port forwards
 * @param accel        accelerator, already resolved (never AUTO)
 * @param kernelArgs   extra kernel command-line words (ingot.trace=1, ...)
 * @param detached     return once booted instead of following the console
 * @param removeOnExit remove the instance when it ends (foreground only)
 * @param bootDisk     boot the image's raw disk on pc + SeaBIOS instead of -kernel on microvm (docs/disk.md)
 * @param volumes      volumes to attach, in order (docs/volumes.md)
 */
public record RunOptions(String name, List<PortForward> ports, long memoryBytes, int cpus, Accel accel,
                         List<String> kernelArgs, boolean detached, boolean removeOnExit, boolean bootDisk,
                         List<VolumeMount> volumes) {
    public RunOptions {
        ports = List.copyOf(ports);
        kernelArgs = List.copyOf(kernelArgs);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    /** The toolchain's usual boot: -kernel on microvm, no volumes. */
    public RunOptions(String name, List<PortForward> ports, long memoryBytes, int cpus, Accel accel,
                      List<String> kernelArgs, boolean detached, boolean removeOnExit) {
        this(name, ports, memoryBytes, cpus, accel, kernelArgs, detached, removeOnExit, false, List.of());
    }
}
