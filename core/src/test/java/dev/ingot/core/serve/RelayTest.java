package dev.ingot.core.serve;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay over real loopback TCP, with a "guest" that behaves as QEMU's
 * user network does while a guest boots: it accepts, then closes at once
 * without a byte, until the program listens.
 */
class RelayTest {
    @Test
    void run_guestRefusesFirst_replaysAndKeepsHalfClose() throws Exception {
        AtomicInteger refused = new AtomicInteger();
        try (ServerSocket guest = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket s = guest.accept();
                        if (refused.getAndIncrement() < 3) {
                            s.close(); // not listening yet
                            continue;
                        }
                        // The program: reads the request to its end (the client's FIN), then answers.
                        byte[] request = s.getInputStream().readAllBytes();
                        s.getOutputStream().write(("got:" + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                        s.close();
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            Backend backend = launched(guest.getLocalPort());
            try (Pair pair = new Pair()) {
                CompletableFuture<Relay.Outcome> outcome = pair.relay(backend, 30_000);
                pair.client.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
                pair.client.shutdownOutput();
                String reply = new String(pair.client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(reply).isEqualTo("got:hello");
                assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(Relay.Outcome.RELAYED);
            }
            assertThat(refused.get()).isGreaterThanOrEqualTo(4);
            assertThat(backend.isReady()).isTrue();
        }
    }

    @Test
    void run_guestNeverAnswers_closesTheClientAtTheDeadline() throws Exception {
        try (ServerSocket guest = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) guest.accept().close();
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            Backend backend = launched(guest.getLocalPort());
            try (Pair pair = new Pair()) {
                CompletableFuture<Relay.Outcome> outcome = pair.relay(backend, 1_000);
                pair.client.getOutputStream().write("anyone?".getBytes(StandardCharsets.UTF_8));
                assertThat(pair.client.getInputStream().read()).isEqualTo(-1);
                assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(Relay.Outcome.FAILED);
            }
            assertThat(backend.isReady()).isFalse();
        }
    }

    private static Backend launched(int port) {
        Backend b = new Backend(1, "test-1");
        b.port = port;
        b.launched.complete(null);
        return b;
    }

    /** A client connected to a front socket whose accepted end the relay takes. */
    private static final class Pair implements AutoCloseable {
        final ServerSocket front = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final Socket client = new Socket(InetAddress.getLoopbackAddress(), front.getLocalPort());
        final Socket accepted = front.accept();

        Pair() throws IOException {
        }

        CompletableFuture<Relay.Outcome> relay(Backend backend, long deadlineMs) {
            CompletableFuture<Relay.Outcome> out = new CompletableFuture<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
            Thread.ofVirtual().start(() -> out.complete(new Relay(accepted, backend, deadline).run()));
            return out;
        }

        @Override
        public void close() throws IOException {
            client.close();
            front.close();
        }
    }
}
