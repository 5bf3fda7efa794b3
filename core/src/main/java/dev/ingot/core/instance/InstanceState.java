package dev.ingot.core.instance;

import java.util.List;

/**
 * state.json of an instance: fixed at start. Whether it is running now is
 * derived each time from the process and the files beside it (see
 * {@link InstanceStatus}), never stored, so it cannot go stale.
 */
public record InstanceState(String id, String name, String image, String kernel, List<String> ports,
                            long pid, String started, long memoryBytes, String accel, List<String> command) {
}
