package dev.ingot.core.serve;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One service's folder, services/NAME: service.json (its {@link ServiceConfig}),
 * status.json (its supervisor's {@link ServiceStatus}, absent until the
 * supervisor has bound the port) and supervisor.log (boots, exits, crashes
 * and why: what `ingot logs NAME` prints).
 */
public record Service(Path dir, ServiceConfig config, Optional<ServiceStatus> status) {
    public Path configFile() { return dir.resolve("service.json"); }
    public Path statusFile() { return dir.resolve("status.json"); }
    public Path log() { return dir.resolve("supervisor.log"); }

    /** The supervisor process, if it is alive (checked against pid reuse by its command line). */
    public Optional<ProcessHandle> supervisor() {
        if (status.isEmpty()) return Optional.empty();
        return ProcessHandle.of(status.get().pid()).filter(p -> p.isAlive() && isSupervisor(p));
    }

    private boolean isSupervisor(ProcessHandle p) {
        try {
            String cmdline = java.nio.file.Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"));
            return cmdline.contains("java") || p.pid() == ProcessHandle.current().pid();
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** The state now: what the supervisor last wrote while it lives, else stopped. */
    public ServiceState state() {
        if (supervisor().isEmpty()) return ServiceState.STOPPED;
        return status.get().state();
    }
}
