package dev.ingot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ingot serve`: boot on demand behind a port the supervisor owns, with the
 * real CLI, real QEMU and the Go servers (HTTP from bench/programs, echo from
 * examples/) on the native kernel, which boots fastest; the core path also on
 * the Linux kernel. Every QEMU a test
 * looks for is found by its command line naming this test's INGOT_HOME.
 */
class ServeTest {
    private static final String HTTP = "bench/programs/build/http";
    private static final String ECHO = "examples/echo/echo";
    private static final String BODY = "hello, world\n";
    /** Generous: a first boot of a Go server under TCG on two busy cores. */
    private static final Duration BOOT = Duration.ofMinutes(2);

    @TempDir Path home;
    private IngotProcess ingot;
    private final List<String> services = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (String s : services) ingot.run("rm", "-f", s);
        ourQemus().forEach(ProcessHandle::destroyForcibly);
    }

    /** The core path on both kernels (Linux boots in seconds under TCG, so only this test runs on it). */
    @ParameterizedTest(name = "--kernel {0}")
    @ValueSource(strings = {"native", "linux"})
    void serve_bootsOnFirstConnection_stopsWhenIdle_andBootsAgain(String kernel) throws Exception {
        int port = serveOn(kernel, "api", HTTP, "--idle", "3s");
        assertThat(ourQemus()).as("no VM before the first connection").isEmpty();
        assertThat(service("api").get("status").asText()).isEqualTo("waiting");

        // The first connection, kept open (HTTP/1.1 keep-alive) so the VM cannot go idle while we look.
        try (Socket first = new Socket()) {
            first.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            first.setSoTimeout((int) BOOT.toMillis());
            first.getOutputStream().write("GET / HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[4096];
            int got = 0;
            while (!new String(reply, 0, got, StandardCharsets.US_ASCII).endsWith(BODY)) {
                int n = first.getInputStream().read(reply, got, reply.length - got);
                assertThat(n).as("reply so far: " + new String(reply, 0, got, StandardCharsets.US_ASCII)).isPositive();
                got += n;
            }
            assertThat(new String(reply, 0, got, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 OK");
            assertThat(curl(port)).isEqualTo(BODY);
            JsonNode running = service("api");
            assertThat(running.get("status").asText()).isEqualTo("running");
            assertThat(running.get("boots").asInt()).isEqualTo(1);
            assertThat(running.get("lastBootMs").asLong()).isPositive();
            assertThat(running.get("instances").get(0).get("connections").asInt()).isEqualTo(1);
            assertThat(ourQemus()).hasSize(1);
            assertThat(instance("api-1").get("status").asText()).isEqualTo("running");
        }

        // Idle for 3 s: the VM is stopped the way ingot stop stops one, and stays listed.
        awaitUntil(() -> ourQemus().isEmpty() && "waiting".equals(service("api").get("status").asText()), BOOT);
        assertThat(instance("api-1").get("status").asText()).isEqualTo("stopped");

        assertThat(curl(port)).isEqualTo(BODY);
        assertThat(service("api").get("boots").asInt()).isEqualTo(2);
        instance("api-1"); // still listed (running, or stopped again if 3 s went by)
        String log = ingot.run("logs", "api").out();
        assertThat(log.split("booting api-1", -1)).hasSize(3);
        assertThat(log).contains("idle for 3000 ms: stopping it").contains("answered");
        String table = ingot.run("ps").out();
        assertThat(table).contains("SERVICE").contains("LAST BOOT").containsPattern("api\\s+" + port + "->8080/tcp\\s+\\S+\\s+(running|waiting)\\s+2\\s+\\d+ ms");
    }

    @Test
    void serve_fiftyConcurrentFirstConnections_allAnswered() throws Exception {
        int port = serve("burst", HTTP, "--idle", "60s");
        assertThat(ourQemus()).isEmpty();
        int n = 50;
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) answers.add(pool.submit(httpGet(port)));
        int answered = 0;
        List<String> wrong = new ArrayList<>();
        for (Future<String> f : answers) {
            String reply = f.get();
            if (reply.startsWith("HTTP/1.0 200 OK") && reply.endsWith(BODY)) answered++;
            else wrong.add(reply);
        }
        pool.shutdown();
        assertThat(wrong).as("replies that were not the page").isEmpty();
        assertThat(answered).isEqualTo(n);
        assertThat(service("burst").get("boots").asInt()).as("one VM took them all").isEqualTo(1);
    }

    @Test
    void serve_max2_spreadsConnectionsOverTwoVms() throws Exception {
        int port = serve("pair", ECHO, "--max", "2", "--idle", "60s");
        try (Socket a = new Socket(); Socket b = new Socket()) {
            a.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            assertThat(echo(a, "first")).isEqualTo("first");
            b.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            assertThat(echo(b, "second")).isEqualTo("second");
            JsonNode s = service("pair");
            assertThat(s.get("boots").asInt()).isEqualTo(2);
            List<String> where = new ArrayList<>();
            for (JsonNode slot : s.get("instances")) {
                assertThat(slot.get("connections").asInt()).as("least connections: one each").isEqualTo(1);
                where.add(slot.get("instance").asText());
            }
            assertThat(where).containsExactlyInAnyOrder("pair-1", "pair-2");
            assertThat(ourQemus()).hasSize(2);
            assertThat(instance("pair-1").get("status").asText()).isEqualTo("running");
            assertThat(instance("pair-2").get("status").asText()).isEqualTo("running");
            // Both still carry their own conversation.
            assertThat(echo(a, "again a")).isEqualTo("again a");
            assertThat(echo(b, "again b")).isEqualTo("again b");
        }
    }

    @Test
    void serve_guestThatNeverListens_failsTheConnectionAfterTheBootTimeout() throws Exception {
        // The echo server listens on 8080; the service forwards to 9999, where nothing ever listens.
        int port = serve("deaf", ECHO + "", "-p-guest", "9999", "--boot-timeout", "8s");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout((int) BOOT.toMillis());
            s.getOutputStream().write("anyone?\n".getBytes(StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            assertThat(s.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofSeconds(1));
        }
        awaitUntil(() -> ourQemus().isEmpty() && "waiting".equals(service("deaf").get("status").asText()), BOOT);
        JsonNode s = service("deaf");
        assertThat(s.get("lastError").asText()).contains("did not answer on port 9999");
        assertThat(ingot.run("logs", "deaf").out()).contains("boot of deaf-1 failed");
        assertThat(ProcessHandle.of(s.get("pid").asLong()).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    void serve_stopAndKill9OfTheSupervisor_leaveNoQemu() throws Exception {
        int port = serve("calm", HTTP, "--idle", "60s");
        assertThat(curl(port)).isEqualTo(BODY);
        assertThat(ourQemus()).hasSize(1);
        IngotProcess.Result stop = ingot.run("stop", "calm");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(ourQemus()).isEmpty();
        assertThat(service("calm").get("status").asText()).isEqualTo("stopped");
        assertThat(instance("calm-1").get("status").asText()).isEqualTo("stopped");
        assertThat(ingot.run("rm", "calm").exit()).isZero();
        assertThat(ps()).isEmpty();

        int port2 = serve("rough", HTTP, "--idle", "60s");
        assertThat(curl(port2)).isEqualTo(BODY);
        assertThat(ourQemus()).hasSize(1);
        long supervisor = service("rough").get("pid").asLong();
        ProcessHandle.of(supervisor).orElseThrow().destroyForcibly(); // SIGKILL: no hook runs
        awaitUntil(() -> ourQemus().isEmpty(), Duration.ofSeconds(30));
        assertThat(service("rough").get("status").asText()).isEqualTo("stopped");
    }

    @Test
    void serve_badFlags_oneLineAndNothingLeft() throws Exception {
        ingot = new IngotProcess(home);
        IngotProcess.Result noPort = ingot.run("serve", HTTP);
        assertThat(noPort.exit()).isEqualTo(2);
        assertThat(noPort.errorLines().trim()).isEqualTo("ingot: serve needs exactly one -p [ADDR:]HOST_PORT:GUEST_PORT, the port it serves (got 0)");
        IngotProcess.Result minMax = ingot.run("serve", "-p", "18080:8080", "--min", "3", "--max", "2", HTTP);
        assertThat(minMax.exit()).isEqualTo(2);
        assertThat(minMax.errorLines().trim()).isEqualTo("ingot: bad --min 3: 0 to --max (2)");
        IngotProcess.Result idle = ingot.run("serve", "-p", "18080:8080", "--idle", "soon", HTTP);
        assertThat(idle.exit()).isEqualTo(2);
        assertThat(idle.errorLines().trim()).isEqualTo("ingot: bad --idle 'soon': write e.g. 500ms, 30s, 5m or 1h");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            IngotProcess.Result busy = ingot.run("serve", "-d", "--name", "busy", "-p", taken.getLocalPort() + ":8080", HTTP);
            assertThat(busy.exit()).isEqualTo(1);
            assertThat(busy.errorLines()).contains("port " + taken.getLocalPort() + " is already in use");
        }
        assertThat(ps()).isEmpty();
    }

    @Test
    void serve_ctrlCInTheForeground_leavesNoQemuAndTheServiceStopped() throws Exception {
        ingot = new IngotProcess(home);
        int port = IngotProcess.freePort();
        Path out = home.resolve("serve.log");
        // As a terminal runs it: a session (and process group) of its own, SIGINT to the whole group on Ctrl-C.
        // env --default-signal: SIGINT is delivered even when this test runs with it ignored (a background job).
        ProcessBuilder pb = new ProcessBuilder("setsid", "env", "--default-signal=INT", IngotProcess.REPO.resolve("bin/ingot").toString(),
                "serve", "--name", "fg", "--kernel", "native", "--idle", "60s", "-p", port + ":8080", HTTP)
                .directory(IngotProcess.REPO.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("INGOT_HOME", home.toString());
        pb.environment().put("INGOT_CACHE", IngotProcess.SHARED_CACHE.toString());
        Process fg = pb.start();
        services.add("fg");
        try {
            awaitUntil(() -> !fg.isAlive() || Files.readString(out).contains("Ctrl-C stops the service"), BOOT);
            assertThat(fg.isAlive()).as(Files.readString(out)).isTrue();
            assertThat(ourQemus()).isEmpty();
            assertThat(curl(port)).isEqualTo(BODY);
            assertThat(ourQemus()).hasSize(1);
            assertThat(instance("fg-1").get("status").asText()).isEqualTo("running");

            assertThat(new ProcessBuilder("kill", "-INT", "--", "-" + fg.pid()).start().waitFor()).isZero();
            assertThat(fg.waitFor(2, TimeUnit.MINUTES)).as("ended after Ctrl-C: " + Files.readString(out)).isTrue();
        } finally {
            fg.destroyForcibly();
        }
        assertThat(fg.exitValue()).isEqualTo(130);
        assertThat(ourQemus()).isEmpty();
        JsonNode s = service("fg");
        assertThat(s.get("status").asText()).isEqualTo("stopped");
        assertThat(s.get("instances")).isEmpty();
        assertThat(instance("fg-1").get("status").asText()).isEqualTo("stopped");
        // What the supervisor itself last recorded: it stopped its VM and the service before it ended.
        JsonNode last = new ObjectMapper().readTree(home.resolve("services/fg/status.json").toFile());
        assertThat(last.get("state").asText()).isEqualToIgnoringCase("stopped");
        assertThat(last.get("instances")).isEmpty();
        assertThat(ingot.run("logs", "fg").out()).contains("stopping the service").endsWith("stopped\n");
        try (java.net.ServerSocket again = new java.net.ServerSocket(port)) {
            assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(port);
        }
    }

    @Test
    void prune_keepsTheImageOfAServiceWhatever_itsState() throws Exception {
        // Served from a program file: only the build cache names its image, and prune -a forgets the build cache.
        int port = serve("kept", HTTP, "--idle", "60s");
        String digest = service("kept").get("imageDigest").asText();
        assertThat(ingot.run("prune", "-a").exit()).isZero();
        assertThat(blobs()).as("not booted yet").contains(digest.substring(7));
        assertThat(curl(port)).as("the first boot after the prune").isEqualTo(BODY);

        assertThat(ingot.run("stop", "kept").exit()).isZero();
        assertThat(ingot.run("rm", "kept-1").exit()).as("the instance goes; the service keeps the image").isZero();
        assertThat(ingot.run("prune", "-a").exit()).isZero();
        assertThat(blobs()).as("stopped").contains(digest.substring(7));

        assertThat(ingot.run("rm", "kept").exit()).isZero();
        services.remove("kept");
        assertThat(ingot.run("prune", "-a").exit()).isZero();
        assertThat(blobs()).as("nothing names it any more").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** Blob file names (hex digests) in the store. */
    private java.util.Set<String> blobs() throws IOException {
        Path dir = home.resolve("blobs/sha256");
        if (!Files.isDirectory(dir)) return java.util.Set.of();
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    /** Serves a program detached on the native kernel; "-p-guest N" picks the guest port (default 8080). */
    private int serve(String name, String program, String... flags) throws Exception {
        return serveOn("native", name, program, flags);
    }

    private int serveOn(String kernel, String name, String program, String... flags) throws Exception {
        if (ingot == null) ingot = new IngotProcess(home);
        int port = IngotProcess.freePort();
        int guest = 8080;
        List<String> args = new ArrayList<>(List.of("serve", "-d", "--name", name, "--kernel", kernel));
        for (int i = 0; i < flags.length; i++) {
            if (flags[i].equals("-p-guest")) guest = Integer.parseInt(flags[++i]);
            else args.add(flags[i]);
        }
        args.addAll(List.of("-p", port + ":" + guest, program));
        IngotProcess.Result r = ingot.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo(name);
        services.add(name);
        return port;
    }

    private String curl(int port) throws Exception {
        return Curl.body("-s", "--max-time", String.valueOf(BOOT.toSeconds()), "http://127.0.0.1:" + port + "/");
    }

    private static Callable<String> httpGet(int port) {
        return () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                s.setSoTimeout((int) BOOT.toMillis());
                OutputStream out = s.getOutputStream();
                out.write("GET / HTTP/1.0\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                return "failed: " + e;
            }
        };
    }

    private static String echo(Socket s, String line) throws IOException {
        s.setSoTimeout((int) BOOT.toMillis());
        PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        w.println(line);
        return r.readLine();
    }

    /** QEMU processes of this test (their command line names files under its INGOT_HOME). */
    private List<ProcessHandle> ourQemus() {
        String mark = home.toString();
        return ProcessHandle.allProcesses().filter(p -> p.isAlive() && p.info().commandLine()
                .map(c -> c.contains("qemu-system") && c.contains(mark)).orElse(false)).toList();
    }

    private JsonNode ps() throws Exception {
        IngotProcess.Result r = ingot.run("ps", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    private JsonNode service(String name) throws Exception {
        return find(n -> "service".equals(n.path("type").asText()) && n.get("name").asText().equals(name), name);
    }

    private JsonNode instance(String name) throws Exception {
        return find(n -> !n.has("type") && n.get("name").asText().equals(name), name);
    }

    private JsonNode find(Predicate<JsonNode> which, String name) throws Exception {
        for (JsonNode n : ps()) if (which.test(n)) return n;
        throw new AssertionError(name + " not in ingot ps --json: " + ps());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Check check, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached within " + within);
            Thread.sleep(250);
        }
    }
}
