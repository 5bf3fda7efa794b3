package dev.ingot.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The native kernel serves the network: the seed's Go echo server and a Go net/http server, unmodified. */
class NativeNetworkTest {
    @TempDir Path home;
    @TempDir Path work;
    private IngotProcess ingot;
    private final List<String> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (String name : started) ingot.run("rm", "-f", name);
    }

    private int startDetached(String name, String program) throws Exception {
        ingot = ingot != null ? ingot : new IngotProcess(home);
        int port = IngotProcess.freePort();
        IngotProcess.Result r = ingot.run("run", "-d", "--kernel", "native", "--name", name, "-p", port + ":8080", program);
        assertThat(r.exit()).as(r.err()).isZero();
        started.add(name);
        return port;
    }

    @Test
    void goEcho_50ConcurrentClientsEach200Lines() throws Exception {
        int port = startDetached("echo-native", "examples/echo/echo");
        EchoClient.connect(port, 90_000).close(); // up and echoing
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            int id = c;
            clients.add(pool.submit(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(60_000);
                    PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                    BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    int ok = 0;
                    for (int i = 0; i < 200; i++) {
                        String line = "client " + id + " line " + i;
                        w.println(line);
                        if (line.equals(r.readLine())) ok++;
                    }
                    return ok;
                }
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        for (Future<Integer> f : clients) assertThat(f.get()).isEqualTo(200);
    }

    @Test
    void goHttp_answersCurlWithAndWithoutKeepAlive() throws Exception {
        Path src = Files.createDirectories(work.resolve("httpserver"));
        for (String f : new String[]{"main.go", "go.mod"}) {
            try (var in = getClass().getResourceAsStream("/httpserver/" + f)) {
                Files.copy(in, src.resolve(f));
            }
        }
        Process go = new ProcessBuilder("go", "build", "-o", "httpserver", ".").directory(src.toFile())
                .redirectErrorStream(true).start();
        go.getOutputStream().close();
        String goLog = new String(go.getInputStream().readAllBytes());
        assertThat(go.waitFor()).as(goLog).isZero();
        int port = startDetached("http-native", src.resolve("httpserver").toString());

        String url = "http://127.0.0.1:" + port;
        long deadline = System.currentTimeMillis() + 90_000;
        String first = "";
        while (System.currentTimeMillis() < deadline && !first.equals("hello from ingot\n")) {
            first = curl("-s", "--max-time", "3", url + "/hello");
            Thread.sleep(200);
        }
        assertThat(first).isEqualTo("hello from ingot\n");

        // Keep-alive: one curl, 20 requests on one connection (curl reuses it and says so with -v).
        List<String> args = new ArrayList<>(List.of("-sv", "--max-time", "30"));
        for (int i = 0; i < 20; i++) args.add(url + "/echo?msg=k" + i);
        String[] keepAlive = curlWithLog(args.toArray(String[]::new));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20; i++) expected.append("k").append(i);
        assertThat(keepAlive[0]).isEqualTo(expected.toString());
        assertThat(keepAlive[1]).contains("Re-using existing connection").doesNotContain("Connection #1");

        // Without keep-alive: a new connection each time.
        for (int i = 0; i < 20; i++) {
            assertThat(curl("-s", "--max-time", "10", "-H", "Connection: close", url + "/echo?msg=c" + i)).isEqualTo("c" + i);
        }
        assertThat(curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", url + "/missing")).isEqualTo("404");
    }

    private String curl(String... args) throws Exception {
        return curlWithLog(args)[0];
    }

    /** curl's stdout (the bodies) and its stderr (the -v log), kept apart. */
    private String[] curlWithLog(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("curl");
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(work, "curl", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return new String[]{out, Files.readString(err)};
    }
}
