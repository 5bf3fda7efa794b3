package dev.ingot.core.hypervisor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ingot.core.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A minimal QMP client over the instance's Unix socket: greeting,
 * qmp_capabilities, then one command at a time. Asynchronous events QEMU
 * interleaves are skipped.
 */
public final class QmpClient implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;

    private QmpClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    }

    public static QmpClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            QmpClient client = new QmpClient(ch);
            client.readReply(); // greeting: {"QMP": {...}}
            client.execute("qmp_capabilities");
            return client;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Sends a command and returns its "return" value; a QMP error becomes an IOException. */
    public JsonNode execute(String command) throws IOException {
        String msg = "{\"execute\":\"" + command + "\"}\n";
        ByteBuffer buf = ByteBuffer.wrap(msg.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) channel.write(buf);
        JsonNode reply = readReply();
        if (reply.has("error")) throw new IOException("QMP " + command + ": " + reply.get("error").path("desc").asText());
        return reply.path("return");
    }

    private JsonNode readReply() throws IOException {
        while (true) {
            String line = in.readLine();
            if (line == null) throw new IOException("QMP connection closed");
            JsonNode node = Json.MAPPER.readTree(line);
            if (!node.has("event")) return node;
        }
    }

    /**
     * Asks QEMU to quit, giving up after the timeout: a frozen QEMU (SIGSTOP, a
     * wedged main loop) accepts the connection but never greets, and a read
     * without a deadline would hang `ingot stop` forever.
     */
    public static void quit(Path socket, java.time.Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
            ch.connect(UnixDomainSocketAddress.of(socket));
            QmpClient client = new QmpClient(ch);
            client.readReply();
            client.execute("qmp_capabilities");
            client.execute("quit");
            return null;
        });
        Thread.ofVirtual().start(task);
        try {
            task.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("QEMU did not answer on QMP within " + timeout.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            ch.close(); // also wakes the reader if it is still blocked
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
