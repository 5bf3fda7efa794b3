package dev.ingot.core.serve;

import java.time.Instant;
import java.util.List;

/**
 * status.json: what the supervisor is doing now, rewritten (atomically) at
 * every change. Its pid tells a reader whether the supervisor is still
 * alive; a dead one's last status is not believed (see {@link Service#state}).
 *
 * @param pid          the supervisor's pid
 * @param boots        VMs booted since the service started
 * @param lastBootMs   the last boot's time from starting QEMU to the guest's first answer, or -1
 * @param crashesInRow boots in a row that failed or crashed; from 3 on, boots back off
 * @param lastError    why the last boot or VM failed, or null
 * @param instances    the VMs behind the port now
 */
public record ServiceStatus(long pid, ServiceState state, int boots, long lastBootMs, int crashesInRow,
                            String lastError, List<Slot> instances, Instant updated) {
    public ServiceStatus {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }

    /** One VM behind the port: its instance, and the connections relayed to it now. */
    public record Slot(int slot, String instance, String id, boolean ready, int connections) {}
}
