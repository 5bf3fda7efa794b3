package dev.ingot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main job: the Go echo server as a detached unikernel, driven by a real
 * TCP client, on the kernel a user gets without naming one (native) and on
 * the Linux backend (--kernel linux).
 */
class EchoInstanceTest {
    @TempDir Path home;
    private IngotProcess ingot;

    @AfterEach
    void cleanUp() throws Exception {
        if (ingot != null) ingot.run("rm", "-f", "e1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "linux"})
    void echo_detached_servesStopsAndShowsInPs(String kernel) throws Exception {
        ingot = new IngotProcess(home);
        int port = IngotProcess.freePort();
        List<String> cmd = new ArrayList<>(List.of("run", "-d", "--name", "e1", "-p", port + ":8080"));
        if (!kernel.equals("default")) cmd.addAll(List.of("--kernel", kernel));
        cmd.add("examples/echo/echo");
        IngotProcess.Result run = ingot.run(cmd.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().trim()).matches("[0-9a-f]{12}");

        try (Socket socket = EchoClient.connect(port, 90_000)) {
            PrintWriter w = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader r = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 20; i++) {
                String line = "line " + i + " from the host";
                w.println(line);
                assertThat(r.readLine()).isEqualTo(line);
            }
        }

        JsonNode ps = ps();
        assertThat(ps).hasSize(1);
        assertThat(ps.get(0).get("name").asText()).isEqualTo("e1");
        assertThat(ps.get(0).get("status").asText()).isEqualTo("running");
        assertThat(ps.get(0).get("kernel").asText()).as("the kernel it booted")
                .isEqualTo(kernel.equals("default") ? "native" : kernel);
        JsonNode forward = ps.get(0).get("ports").get(0);
        assertThat(forward.get("hostPort").asInt()).isEqualTo(port);
        assertThat(forward.get("guestPort").asInt()).isEqualTo(8080);
        assertThat(forward.get("protocol").asText()).isEqualTo("tcp");
        assertThat(ps.get(0).get("imageDigest").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(ingot.run("ps").out()).contains("e1").contains("running").contains("ID").contains("UPTIME");
        assertThat(ingot.run("logs", "e1").out()).contains("listening on :8080");

        IngotProcess.Result stop = ingot.run("stop", "e1");
        assertThat(stop.exit()).as(stop.err()).isZero();
        JsonNode after = ps();
        assertThat(after.get(0).get("status").asText()).isEqualTo("stopped");
        assertThat(ProcessHandle.of(after.get(0).get("pid").asLong()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            throw new AssertionError("port " + port + " still accepts connections after stop");
        } catch (java.io.IOException expected) {
            // nothing listens any more
        }

        assertThat(ingot.run("rm", "e1").exit()).isZero();
        assertThat(ps()).isEmpty();
    }

    private JsonNode ps() throws Exception {
        IngotProcess.Result r = ingot.run("ps", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }
}
