package dev.ingot.core.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One client connection relayed to a VM, bytes both ways, half-close kept
 * (a FIN from either side becomes shutdownOutput on the other), on two
 * virtual threads.
 *
 * <p>Why it replays: QEMU's user network accepts the host side of a forward
 * at once, then tries the guest; while the guest boots or its program does
 * not listen yet, it closes the accepted connection without a byte. So a
 * connection is not confirmed until the guest sends its first byte. Until
 * then the relay keeps what the client sent and, when the guest side closes
 * empty, connects again and sends it again, until the guest answers, the
 * boot fails, or the deadline passes (then the client's connection is
 * closed). A guest connection opened after the VM was already known to
 * answer is never retried: its close is the program's.
 *
 * <p>Limit: a program that reads a request and closes without ever sending
 * a byte is indistinguishable from one not yet listening while its VM boots.
 */
final class Relay {
    /** What a client may send before the guest answers; more is not kept for a replay. */
    private static final int REPLAY_LIMIT = 1 << 20;
    /** Pause between attempts while the guest does not accept; a ready guest wakes every waiter at once. */
    private static final long RETRY_MS = 20;
    private static final int CONNECT_TIMEOUT_MS = 2000;
    /** Long enough for a handshake inside the guest under TCG; a connection that stays silent then no longer blocks others. */
    private static final long ATTEMPT_HOLD_MS = 500;

    private final Socket client;
    private final Backend backend;
    private final long deadlineNanos;
    private final Object lock = new Object();
    /** The current guest connection; replaced only before the connection is confirmed, under lock. */
    private volatile Socket guest;
    /** What the client sent while unconfirmed, for a replay; null once confirmed or over the limit. Guarded by lock. */
    private ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private boolean clientEof; // guarded by lock
    private volatile boolean confirmed;
    private volatile boolean clientGone;
    private Thread up;
    private final java.util.concurrent.atomic.AtomicBoolean holdsAttempt = new java.util.concurrent.atomic.AtomicBoolean();
    private boolean prober;

    Relay(Socket client, Backend backend, long deadlineNanos) {
        this.client = client;
        this.backend = backend;
        this.deadlineNanos = deadlineNanos;
    }

    /** What became of a connection. */
    enum Outcome {
        /** The guest answered; bytes went both ways until either side ended. */
        RELAYED,
        /** The guest never answered before the deadline or the boot failed; the client was closed. */
        FAILED,
        /** The client went away before the guest answered. */
        ABANDONED
    }

    Outcome run() {
        try {
            client.setTcpNoDelay(true);
            if (!awaitLaunched()) return Outcome.FAILED;
            prober = awaitTurn();
            if (!prober && !backend.isReady()) return Outcome.FAILED;
            if (!takeAttempt()) return Outcome.FAILED;
            Socket first = connectGuest();
            if (first == null) return Outcome.FAILED;
            guest = first;
            up = Thread.ofVirtual().name("relay-up-" + backend.name).start(this::clientToGuest);
            return guestToClient(prober);
        } catch (IOException e) {
            return confirmed ? Outcome.RELAYED : Outcome.ABANDONED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        } finally {
            giveBackAttempt();
            if (prober) backend.probing.set(false);
            close(client);
            close(guest);
            if (up != null) up.interrupt();
        }
    }

    private boolean awaitLaunched() {
        try {
            backend.launched.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * While the guest has not answered, one connection at a time (the prober)
     * tries it; the others wait for its answer and then connect to a guest that
     * listens, so a burst of first connections does not become a burst of
     * attempts on a booting guest (whose refused or unanswered attempts QEMU's
     * user network handles slowly). If the prober's client goes away, the next
     * waiter takes over.
     *
     * @return true if this connection is the prober; false once the guest is ready or the wait is over
     */
    private boolean awaitTurn() {
        while (!backend.isReady()) {
            if (backend.probing.compareAndSet(false, true)) return true;
            if (backend.failed() || System.nanoTime() > deadlineNanos) return false;
            pause();
        }
        return false;
    }

    /**
     * A new guest connection is one SYN that QEMU's user network sends into
     * the guest; a burst of them overflows the guest's receive ring, and the
     * dropped ones come back only with QEMU's TCP retransmission backoff
     * (seconds, up to a minute). So at most {@link Backend#ATTEMPTS}
     * connections per VM are in their opening at once: each holds a permit
     * until the guest's first byte, its end, or {@link #ATTEMPT_HOLD_MS}.
     */
    private boolean takeAttempt() throws InterruptedException {
        long wait = deadlineNanos - System.nanoTime();
        if (!backend.attempts.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) return false;
        holdsAttempt.set(true);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(ATTEMPT_HOLD_MS);
            } catch (InterruptedException ignored) {
                // released all the same
            }
            giveBackAttempt();
        });
        return true;
    }

    private void giveBackAttempt() {
        if (holdsAttempt.compareAndSet(true, false)) backend.attempts.release();
    }

    /** Connects to the VM's forward; null once the boot failed or the deadline passed. */
    private Socket connectGuest() {
        while (!backend.failed() && System.nanoTime() < deadlineNanos && !clientGone) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress("127.0.0.1", backend.port), CONNECT_TIMEOUT_MS);
                return s;
            } catch (IOException e) {
                close(s); // QEMU not listening (any more): try again until the boot is decided
                pause();
            }
        }
        return null;
    }

    private Outcome guestToClient(boolean retryable) throws IOException {
        byte[] buf = new byte[16384];
        while (true) {
            Socket g = guest;
            int n;
            try {
                n = g.getInputStream().read(buf);
            } catch (IOException e) {
                n = -2; // reset
            }
            if (n > 0) {
                if (!confirmed) confirm();
                client.getOutputStream().write(buf, 0, n);
                backend.touch();
                continue;
            }
            if (clientGone) return confirmed ? Outcome.RELAYED : Outcome.ABANDONED;
            if (!confirmed && retryable) {
                // The guest did not take this connection: wait a moment (a guest that answers
                // someone else wakes us at once), then try again with what the client sent.
                pause();
                Socket next = connectGuest();
                if (next == null) return clientGone ? Outcome.ABANDONED : Outcome.FAILED;
                retryable = !backend.isReady();
                if (!replayInto(next)) return Outcome.FAILED;
                close(g);
                continue;
            }
            if (n == -1 && confirmed) {
                // The program ended its side: pass the FIN on and let the client finish its own.
                try {
                    client.shutdownOutput();
                } catch (IOException ignored) {
                    // the client is gone too
                }
                awaitClientEnd();
            }
            return confirmed ? Outcome.RELAYED : Outcome.FAILED;
        }
    }

    private void confirm() {
        giveBackAttempt();
        synchronized (lock) {
            confirmed = true;
            sent = null;
        }
        backend.markReady();
    }

    /** Sends what the client sent so far on a fresh guest connection, and its FIN if it gave one. */
    private boolean replayInto(Socket next) {
        synchronized (lock) {
            if (sent == null) {
                close(next);
                return false; // the client sent more than we keep: it cannot be replayed
            }
            try {
                sent.writeTo(next.getOutputStream());
                if (clientEof) next.shutdownOutput();
            } catch (IOException e) {
                // the next read sees the close and tries again
            }
            guest = next;
            return true;
        }
    }

    private void clientToGuest() {
        byte[] buf = new byte[16384];
        try {
            while (true) {
                int n = client.getInputStream().read(buf);
                if (n < 0) {
                    synchronized (lock) {
                        clientEof = true;
                        try {
                            guest.shutdownOutput();
                        } catch (IOException ignored) {
                            // a replay passes the FIN on
                        }
                    }
                    return;
                }
                backend.touch();
                if (confirmed) {
                    guest.getOutputStream().write(buf, 0, n);
                    continue;
                }
                synchronized (lock) {
                    if (sent != null) {
                        if (sent.size() + n <= REPLAY_LIMIT) sent.write(buf, 0, n);
                        else if (!confirmed) sent = null;
                    }
                    try {
                        guest.getOutputStream().write(buf, 0, n);
                    } catch (IOException e) {
                        if (confirmed) throw e;
                        // unconfirmed: the guest side is about to be replaced and this replayed
                    }
                }
            }
        } catch (IOException e) {
            clientGone = true;
            close(guest);
        }
    }

    /** After the guest's FIN: wait (a while) for the client to end its side, whose FIN then reaches the guest. */
    private void awaitClientEnd() {
        try {
            up.join(java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pause() {
        if (backend.ready.isDone()) {
            try {
                Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            backend.ready.get(RETRY_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // failed: the caller checks; timed out: try again
        }
    }

    static void close(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
