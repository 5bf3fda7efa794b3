package dev.ingot.core.serve;

import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.QemuFailure;
import dev.ingot.core.image.Image;
import dev.ingot.core.image.ImageStore;
import dev.ingot.core.instance.Instance;
import dev.ingot.core.instance.InstanceControl;
import dev.ingot.core.instance.InstanceLauncher;
import dev.ingot.core.instance.InstanceStatus;
import dev.ingot.core.instance.InstanceStore;
import dev.ingot.core.instance.RunOptions;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.store.StoreLock;
import dev.ingot.core.util.IngotHome;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The process behind one served port (docs/serve.md). It owns the host
 * port and accepts every connection itself; the first one boots a VM (an
 * ordinary instance, NAME-1, whose guest port QEMU forwards to a private
 * loopback port), and each connection is relayed to the VM with the fewest
 * connections ({@link Relay}). With every VM busy and fewer than --max, a
 * connection boots another. A VM without connections for --idle is stopped
 * the way `ingot stop` stops one; one that ends by itself is booted again by
 * the next connection, and after {@link #BACKOFF_AFTER} failures in a row
 * boots wait longer each time. Every event, with its reason, goes to
 * supervisor.log (`ingot logs NAME`).
 *
 * <p>VMs die with this process even on SIGKILL: QEMU runs under
 * {@code setpriv --pdeathsig KILL}, and the parent-death signal follows the
 * thread that spawned it, so all QEMUs are spawned by one platform thread
 * that lives as long as the supervisor.
 *
 * <p>Threads: one virtual thread per connection (two while relaying), one
 * per boot and per stop, one reaper. The pool and the counters below are
 * guarded by {@link #lock}; nothing that waits on a VM or a socket runs under it
 * (the status file is written under it, so it never goes back in time).
 */
public final class Supervisor {
    /** Failures in a row after which boots wait: 1 s, 2 s, 4 s ... up to {@link #MAX_BACKOFF_MS}. */
    static final int BACKOFF_AFTER = 3;
    static final long MAX_BACKOFF_MS = 30_000;
    /** How long a VM's program has after SIGTERM before QMP quit, when it is stopped (idle or ingot stop). */
    static final Duration STOP_GRACE = Duration.ofSeconds(3);
    /** How long QEMU may take to open its QMP socket (a loaded host with TCG takes a second or two). */
    static final long LAUNCH_TIMEOUT_MS = 30_000;
    static final List<String> DIE_WITH_US = List.of("setpriv", "--pdeathsig", "KILL");

    private final IngotHome home;
    private final ServiceStore store;
    private final Service service;
    private final ServiceConfig config;
    private final InstanceStore instances;
    private final Consumer<String> log;
    /** The one thread that spawns QEMU: the parent-death signal is tied to it, so it must outlive every VM. */
    private final ExecutorService spawner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ingot-vm-spawner");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);

    private final Object lock = new Object();
    private final List<Backend> backends = new ArrayList<>(); // guarded by lock
    private int boots; // guarded by lock
    private int crashesInRow; // guarded by lock
    private long lastBootMs = -1; // guarded by lock
    private String lastError; // guarded by lock
    private boolean closing; // guarded by lock
    private ServerSocket server;

    public Supervisor(IngotHome home, ServiceStore store, Service service, Consumer<String> log) {
        this.home = home;
        this.store = store;
        this.service = service;
        this.config = service.config();
        this.instances = new InstanceStore(home.instances());
        this.log = log;
    }

    /** Takes the host port; fails with one line if it is in use. Nothing is booted. */
    public void bind() throws IngotException {
        InetSocketAddress address = config.hostAddress().isEmpty()
                ? new InetSocketAddress(config.hostPort()) : new InetSocketAddress(config.hostAddress(), config.hostPort());
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(address, 1024); // a burst of first connections waits in the backlog, not refused
            server = s;
        } catch (IOException e) {
            throw new IngotException("port " + config.hostPort() + " is already in use on the host: choose another with -p "
                    + "HOST_PORT:" + config.guestPort() + " (or stop what holds it)");
        }
        writeStatus();
    }

    /** Accepts connections until {@link #shutdown}; call {@link #bind} first. */
    public void run() {
        log("serving " + config.image() + " on port " + config.hostPort() + " (guest port " + config.guestPort() + "), idle "
                + (config.idleMs() == 0 ? "never" : config.idleMs() + " ms") + ", min " + config.min() + ", max " + config.max());
        ensureMin();
        Thread.ofVirtual().name("ingot-reaper").start(this::reap);
        try {
            while (true) {
                Socket client = server.accept();
                Thread.ofVirtual().name("ingot-conn").start(() -> handle(client));
            }
        } catch (IOException e) {
            // the server socket is closed: shutting down
        }
        awaitStopped();
    }

    private void handle(Socket client) {
        try {
            Backend b = assign();
            if (b == null) {
                Relay.close(client);
                return;
            }
            try {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.bootTimeoutMs());
                Relay.Outcome outcome = new Relay(client, b, deadline).run();
                if (outcome == Relay.Outcome.FAILED) {
                    log("connection from " + client.getRemoteSocketAddress() + " closed: " + b.name + " did not answer"
                            + (b.failed() ? " (its boot failed)" : " within " + config.bootTimeoutMs() + " ms"));
                    // A VM that never answered its connection is no use: the same failure as a boot timeout.
                    if (!b.isReady()) fail(b, notAnswering(b));
                }
            } finally {
                release(b);
            }
        } catch (RuntimeException | Error e) {
            // Never lose the supervisor to one connection; say what happened.
            log("internal error on a connection: " + e);
            Relay.close(client);
        }
    }

    /** The VM for a new connection (least connections), booting one when none can take it; null when closing. */
    private Backend assign() {
        Backend chosen;
        synchronized (lock) {
            if (closing) return null;
            List<Backend> live = live();
            chosen = live.stream().min(Comparator.comparingInt((Backend b) -> b.connections.get())
                    .thenComparing(b -> !b.isReady()).thenComparingInt(b -> b.slot)).orElse(null);
            if (chosen == null || (chosen.connections.get() > 0 && live.size() < config.max())) chosen = startBoot();
            chosen.connections.incrementAndGet();
            chosen.asked = true;
            chosen.touch();
        }
        writeStatus();
        return chosen;
    }

    private void release(Backend b) {
        b.connections.decrementAndGet();
        b.touch();
        writeStatus();
    }

    /** Caller holds lock. VMs not being stopped. */
    private List<Backend> live() {
        return backends.stream().filter(b -> !b.stopping).toList();
    }

    /** Caller holds lock. Puts a new VM in the lowest free slot and boots it on its own thread. */
    private Backend startBoot() {
        List<Backend> live = live();
        int slot = 1;
        while (true) {
            final int s = slot;
            if (live.stream().noneMatch(b -> b.slot == s)) break;
            slot++;
        }
        final int chosenSlot = slot;
        Backend predecessor = backends.stream().filter(b -> b.slot == chosenSlot && b.stopping).findFirst().orElse(null);
        Backend b = new Backend(slot, config.instanceName(slot));
        backends.add(b);
        long backoff = crashesInRow >= BACKOFF_AFTER ? Math.min(MAX_BACKOFF_MS, 1000L << Math.min(20, crashesInRow - BACKOFF_AFTER)) : 0;
        Thread.ofVirtual().name("ingot-boot-" + b.name).start(() -> boot(b, predecessor, backoff));
        return b;
    }

    private void boot(Backend b, Backend predecessor, long backoffMs) {
        try {
            if (predecessor != null) predecessor.gone.get(LAUNCH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (backoffMs > 0) {
                log("waiting " + backoffMs + " ms before booting " + b.name + " (" + crashesInRowNow() + " failures in a row)");
                Thread.sleep(backoffMs);
            }
            if (b.stopping) return;
            removeOldInstance(b.name);
            b.port = freeLoopbackPort();
            RunOptions options = new RunOptions(b.name, List.of(new PortForward("127.0.0.1", b.port, config.guestPort(), "tcp")),
                    config.memoryBytes(), config.cpus(), config.accel(), config.kernelArgs(), false, false);
            InstanceLauncher.Started started = spawner.submit(() -> launch(options)).get();
            b.instance = started.instance();
            b.process = started.process();
            synchronized (lock) {
                boots++;
            }
            log("booting " + b.name + " (instance " + b.instance.state().id() + ", QEMU pid " + b.process.pid() + ")");
            writeStatus();
            b.process.onExit().thenRun(() -> Thread.ofVirtual().start(() -> exited(b)));
            awaitQmp(b);
            b.launched.complete(null);
            awaitReady(b);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            fail(b, cause instanceof IngotException ? cause.getMessage() : cause.toString());
        } catch (InterruptedException e) {
            fail(b, "interrupted");
        } catch (Throwable t) {
            // Anything at all: the waiting connections must hear of it, and the boot thread must not vanish silently.
            fail(b, t instanceof IngotException ? t.getMessage() : t.toString());
        }
    }

    private InstanceLauncher.Started launch(RunOptions options) throws IngotException {
        try (StoreLock ignored = StoreLock.shared(home.storeLock())) {
            Image image = new ImageStore(home).load(config.imageDigest());
            return new InstanceLauncher(instances).start(image, config.image(), options, null, DIE_WITH_US);
        }
    }

    /** The slot's instance from an earlier boot, so its name can be reused (ps keeps showing NAME-1). */
    private void removeOldInstance(String name) throws IngotException {
        for (Instance i : instances.list()) {
            if (!i.state().name().equals(name)) continue;
            if (i.process().isPresent()) InstanceControl.stop(i, STOP_GRACE);
            instances.remove(i);
        }
    }

    private void awaitQmp(Backend b) throws IngotException, InterruptedException {
        long deadline = System.currentTimeMillis() + LAUNCH_TIMEOUT_MS;
        while (!Files.exists(b.instance.qmpSocket())) {
            if (!b.process.isAlive()) throw new IngotException(QemuFailure.explain(b.instance.qemuLog()));
            if (System.currentTimeMillis() > deadline) throw new IngotException("QEMU did not start within " + LAUNCH_TIMEOUT_MS + " ms");
            Thread.sleep(10);
        }
    }

    private void awaitReady(Backend b) throws InterruptedException {
        try {
            b.ready.get(config.bootTimeoutMs(), TimeUnit.MILLISECONDS);
            synchronized (lock) {
                lastBootMs = b.bootMillis();
            }
            log(b.name + " answered " + b.bootMillis() + " ms after its boot began");
            writeStatus();
        } catch (TimeoutException e) {
            if (!b.asked) return; // booted for --min with nobody asking: nothing has tested it yet, so nothing failed
            fail(b, notAnswering(b));
        } catch (ExecutionException e) {
            // it failed or ended meanwhile: that path reported it
        }
    }

    private String notAnswering(Backend b) {
        return "the guest did not answer on port " + config.guestPort() + " within " + config.bootTimeoutMs()
                + " ms (does the program listen on port " + config.guestPort() + "? see ingot logs " + b.name + ")";
    }

    /** A boot that did not work: its waiting connections are closed, the VM stopped, the failure counted. */
    private void fail(Backend b, String why) {
        synchronized (lock) {
            if (b.ended) return;
            crashesInRow++;
            lastError = b.name + ": " + why;
        }
        log("boot of " + b.name + " failed: " + why);
        stopBackend(b, null);
    }

    /** QEMU ended; if we did not stop it, the program exited or crashed on its own. */
    private void exited(Backend b) {
        recordQemuStatus(b);
        if (b.stopping) return;
        InstanceStatus status = b.instance.status();
        boolean clean = status.exitStatus().isPresent() && status.exitStatus().getAsInt() == 0;
        String why = status.exitStatus().isPresent() ? "the program exited with status " + status.exitStatus().getAsInt()
                : "QEMU ended (status " + b.process.exitValue() + ") with no exit status from the guest: "
                + QemuFailure.explain(b.instance.qemuLog()) + "; see ingot logs " + b.name;
        int inRow;
        synchronized (lock) {
            if (clean) crashesInRow = 0;
            else {
                crashesInRow++;
                lastError = b.name + ": " + why;
            }
            inRow = crashesInRow;
        }
        log(b.name + " ended on its own: " + why + (clean ? "" : " (" + inRow + " failures in a row)")
                + "; the next connection boots it again");
        stopBackend(b, null);
        ensureMin();
    }

    private void recordQemuStatus(Backend b) {
        try {
            if (!Files.exists(b.instance.qemuStatusFile())) Files.writeString(b.instance.qemuStatusFile(), b.process.exitValue() + "\n");
        } catch (IOException ignored) {
            // ps then shows the status from the control record, or unknown
        }
    }

    /** Stops a VM the way `ingot stop` does and takes it out of the pool. */
    private void stopBackend(Backend b, String reason) {
        b.stopping = true;
        if (reason != null) log(reason);
        writeStatus(); // draining, while it stops
        b.ended = true;
        IOException gone = new IOException(b.name + " stopped");
        b.launched.completeExceptionally(gone);
        b.ready.completeExceptionally(gone);
        try {
            if (b.instance != null && b.process != null && b.process.isAlive()) {
                InstanceControl.stop(b.instance, STOP_GRACE);
                if (!b.process.waitFor(10, TimeUnit.SECONDS)) b.process.destroyForcibly();
            }
        } catch (IngotException e) {
            log("stopping " + b.name + ": " + e.getMessage());
            b.process.destroyForcibly();
        } catch (InterruptedException e) {
            b.process.destroyForcibly();
        } catch (RuntimeException e) {
            log("stopping " + b.name + ": " + e);
        }
        synchronized (lock) {
            backends.remove(b);
        }
        b.gone.complete(null);
        writeStatus();
    }

    /** Stops VMs idle for --idle (keeping --min), and boots VMs up to --min. */
    private void reap() {
        long tick = Math.clamp(config.idleMs() / 4, 50, 1000);
        while (true) {
            List<Backend> idle = new ArrayList<>();
            synchronized (lock) {
                if (closing) return;
                if (config.idleMs() > 0) {
                    int live = live().size();
                    long now = System.nanoTime();
                    for (Backend b : live().reversed()) {
                        if (live <= config.min()) break;
                        if (b.launched.isDone() && b.connections.get() == 0
                                && now - b.lastActiveNanos >= TimeUnit.MILLISECONDS.toNanos(config.idleMs())) {
                            b.stopping = true; // under the lock: no new connection can pick it now
                            idle.add(b);
                            live--;
                        }
                    }
                }
            }
            for (Backend b : idle) {
                Thread.ofVirtual().start(() -> stopBackend(b, b.name + " idle for " + config.idleMs() + " ms: stopping it"));
            }
            ensureMin();
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void ensureMin() {
        synchronized (lock) {
            while (!closing && live().size() < config.min()) startBoot();
        }
        writeStatus();
    }

    /** Stops accepting, stops every VM, and records the service as stopped. Safe to call more than once. */
    public void shutdown() {
        List<Backend> all;
        synchronized (lock) {
            if (closing) {
                all = null;
            } else {
                closing = true;
                all = new ArrayList<>(backends);
            }
        }
        if (all == null) {
            awaitStopped();
            return;
        }
        log("stopping the service");
        try {
            if (server != null) server.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        List<Thread> stops = new ArrayList<>();
        for (Backend b : all) stops.add(Thread.ofVirtual().start(() -> stopBackend(b, null)));
        for (Thread t : stops) {
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                break;
            }
        }
        writeStatus();
        spawner.shutdownNow();
        log("stopped");
        stopped.countDown();
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int crashesInRowNow() {
        synchronized (lock) {
            return crashesInRow;
        }
    }

    private void writeStatus() {
        ServiceStatus status;
        synchronized (lock) {
            List<ServiceStatus.Slot> slots = new ArrayList<>();
            for (Backend b : backends) {
                slots.add(new ServiceStatus.Slot(b.slot, b.name, b.instance == null ? null : b.instance.state().id(),
                        b.isReady(), b.connections.get()));
            }
            status = new ServiceStatus(ProcessHandle.current().pid(), state(), boots, lastBootMs, crashesInRow, lastError,
                    slots, Instant.now());
            // Written under the lock so the file never goes back in time.
            try {
                store.saveStatus(service, status);
            } catch (IOException e) {
                log.accept("cannot write " + service.statusFile() + ": " + e.getMessage());
            }
        }
    }

    /** Caller holds lock. */
    private ServiceState state() {
        if (closing) return backends.isEmpty() ? ServiceState.STOPPED : ServiceState.DRAINING;
        List<Backend> live = live();
        if (live.stream().anyMatch(Backend::isReady)) return ServiceState.RUNNING;
        if (!live.isEmpty()) return ServiceState.BOOTING;
        if (!backends.isEmpty()) return ServiceState.DRAINING;
        return ServiceState.WAITING;
    }

    private void log(String line) {
        log.accept(line);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
