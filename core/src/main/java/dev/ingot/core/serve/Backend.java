package dev.ingot.core.serve;

import dev.ingot.core.instance.Instance;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One VM behind the service's port: an ordinary instance whose guest port
 * QEMU forwards to a private loopback port, and the connections relayed to it.
 *
 * <p>Life: created when the supervisor decides to boot; {@link #launched}
 * completes once QEMU runs with its forward in place (or fails); {@link #ready}
 * completes at the guest's first byte on any relayed connection (its program
 * accepts), or fails when the boot fails or the VM ends. Fields set once are
 * published through the futures; counts are atomic.
 */
final class Backend {
    final int slot;
    final String name;
    final long bootStartNanos = System.nanoTime();
    final CompletableFuture<Void> launched = new CompletableFuture<>();
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Completes when it is stopped and out of the pool: a new VM in its slot waits for this. */
    final CompletableFuture<Void> gone = new CompletableFuture<>();
    /** Connections assigned to this VM and not yet ended; changed under the supervisor's lock. */
    final AtomicInteger connections = new AtomicInteger();
    /** When the last connection ended or a byte passed (System.nanoTime). */
    volatile long lastActiveNanos = System.nanoTime();
    /** Guest connections in their opening at once (see Relay#takeAttempt); a burst beyond it is paced. */
    static final int ATTEMPTS = 8;
    final java.util.concurrent.Semaphore attempts = new java.util.concurrent.Semaphore(ATTEMPTS);
    /** Held by the one connection that tries the guest while it has not answered yet (see Relay). */
    final java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();
    /** Set once a connection has been assigned to it (a --min VM may boot with nobody asking). */
    volatile boolean asked;
    /** Set when the supervisor has chosen to stop it: its exit is then no crash. */
    volatile boolean stopping;
    /** Set once QEMU is started (before {@link #launched} completes). */
    volatile Instance instance;
    volatile Process process;
    volatile int port;
    volatile long readyNanos;

    Backend(int slot, String name) {
        this.slot = slot;
        this.name = name;
    }

    boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** Set when its QEMU has ended or is being stopped: nothing more can reach it. */
    volatile boolean ended;

    boolean failed() {
        return ended || ready.isCompletedExceptionally();
    }

    /** The guest answered: the first call records the boot time; later ones do nothing. */
    void markReady() {
        if (ready.isDone()) return;
        readyNanos = System.nanoTime();
        ready.complete(null);
    }

    long bootMillis() {
        return (readyNanos - bootStartNanos) / 1_000_000;
    }

    void touch() {
        lastActiveNanos = System.nanoTime();
    }
}
