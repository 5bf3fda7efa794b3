package dev.ingot.core.serve;

/** What a served service is doing, as `ingot ps` shows it. */
public enum ServiceState {
    /** The supervisor holds the port and no VM runs: the next connection boots one. */
    WAITING,
    /** A VM is starting and its guest has not answered a connection yet; connections are held. */
    BOOTING,
    /** At least one VM answers; connections are relayed to it. */
    RUNNING,
    /** VMs are being stopped (idle, or the service is stopping). */
    DRAINING,
    /** The supervisor has ended (ingot stop, Ctrl-C), or died: nothing holds the port. */
    STOPPED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
