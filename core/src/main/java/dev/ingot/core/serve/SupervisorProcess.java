package dev.ingot.core.serve;

import dev.ingot.core.IngotException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A supervisor in the background (serve -d), and stopping one. Like a
 * detached instance's QEMU, it gets a session of its own (setsid) so the
 * terminal's hang-up does not reach it; its output goes to supervisor.log.
 */
public final class SupervisorProcess {
    /** A JVM starts in under a second, but on a loaded host with TCG guests it can take several. */
    private static final long START_TIMEOUT_MS = 60_000;

    private SupervisorProcess() {
    }

    /**
     * Starts {@code command} (this program, told to supervise the service) and
     * waits until it holds the port, or reports why it could not.
     */
    public static long start(ServiceStore store, Service service, List<String> command) throws IngotException {
        List<String> launch = new ArrayList<>();
        launch.add("setsid");
        launch.addAll(command);
        Process p;
        try {
            p = new ProcessBuilder(launch)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(service.log().toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            store.remove(service);
            throw new IngotException("cannot start the supervisor: " + e.getMessage());
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            Optional<ServiceStatus> status = store.reload(service).status();
            if (status.isPresent() && status.get().pid() == p.pid()) return p.pid();
            if (!p.isAlive()) {
                String why = lastLine(service);
                store.remove(service);
                throw new IngotException(why.isEmpty() ? "the supervisor ended at once (exit " + p.exitValue() + ")" : why);
            }
            sleep(20);
        }
        p.destroyForcibly();
        store.remove(service);
        throw new IngotException("the supervisor did not take port " + service.config().hostPort() + " within "
                + START_TIMEOUT_MS / 1000 + " s");
    }

    private static String lastLine(Service service) {
        try {
            List<String> lines = Files.readAllLines(service.log());
            for (String l : lines.reversed()) {
                String t = l.replaceFirst("^ingot: ", "").trim();
                if (!t.isEmpty()) return t;
            }
        } catch (IOException ignored) {
            // no log: the caller says so
        }
        return "";
    }

    /**
     * Stops a service's supervisor (SIGTERM: it stops its VMs the way
     * `ingot stop` does, then exits), SIGKILL after the grace time plus the
     * VMs' own; its VMs die with it either way.
     *
     * @return true if it was running
     */
    public static boolean stop(Service service, Duration grace) throws IngotException {
        Optional<ProcessHandle> p = service.supervisor();
        if (p.isEmpty()) return false;
        ProcessHandle h = p.get();
        h.destroy();
        if (waitForExit(h, grace.plus(Supervisor.STOP_GRACE).plusSeconds(10))) return true;
        h.destroyForcibly();
        if (!waitForExit(h, Duration.ofSeconds(5))) {
            throw new IngotException("the supervisor of " + service.config().name() + " (pid " + h.pid() + ") did not stop");
        }
        return true;
    }

    private static boolean waitForExit(ProcessHandle h, Duration timeout) {
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return !h.isAlive();
        }
        return true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
