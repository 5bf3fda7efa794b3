package dev.ingot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ingot run --pkg python` on both kernels: a package built from Debian's
 * .debs runs the user's script or app folder. One INGOT_HOME for the class,
 * so the package is built once and shared by every image.
 */
class PackageRunTest {
    /** The first test builds the package from the .debs (downloads on a cold cache). */
    private static final Duration PKG_RUN = Duration.ofMinutes(8);
    @TempDir static Path home;
    @TempDir Path work;
    private final List<String> started = new ArrayList<>();

    private static IngotProcess ingot() {
        return new IngotProcess(home);
    }

    @AfterEach
    void removeInstances() throws Exception {
        for (String name : started) ingot().run("rm", "-f", name);
    }

    /** http.server from the stdlib serves the --dir folder, which is the program's working directory. */
    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void pythonHttpServer_servesTheAppFolder(String kernel) throws Exception {
        Path site = Files.createDirectories(work.resolve("site"));
        Files.writeString(site.resolve("hello.txt"), "hello from python on " + kernel + "\n");
        int port = IngotProcess.freePort();
        String name = "pkg-http-" + kernel;
        IngotProcess.Result r = ingot().run(PKG_RUN, Map.of(), "run", "-d", "--name", name, "--kernel", kernel,
                "--pkg", "python:3.11", "--dir", site.toString(), "-p", port + ":8000", "--", "-m", "http.server", "8000");
        assertThat(r.exit()).as(r.err()).isZero();
        started.add(name);

        String expected = "hello from python on " + kernel + "\n";
        assertThat(Curl.awaitBody("http://127.0.0.1:" + port + "/hello.txt", expected, Duration.ofMinutes(4))).isEqualTo(expected);
    }

    /** Extension modules the interpreter loads at run time (_sqlite3 → libsqlite3, _hashlib → libcrypto) are in the package. */
    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void pythonStdlibScript_printsWhatTheHostsPythonPrints(String kernel) throws Exception {
        Path script = stdlibScript();
        String expected = hostPython(script, "x", "y z");

        IngotProcess.Result r = ingot().run(PKG_RUN, Map.of(), "run", "--rm", "--kernel", kernel, "--pkg", "python",
                script.toString(), "x", "y z");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expected);
    }

    /**
     * An image with a package (manifest schema 3) exported to a raw disk: a plain qemu command boots
     * the disk alone, no -kernel (the package part and the image's rootfs are joined on it), and
     * `ingot run --boot disk` boots the same image; both print what the host's python prints.
     */
    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void pythonScriptImage_exportedToRaw_bootsWithPlainQemu_andRunBootDisk(String kernel) throws Exception {
        Path script = stdlibScript();
        String expected = hostPython(script, "x", "y z");
        String name = "pkg-disk-" + kernel;
        IngotProcess.Result build = ingot().run(PKG_RUN, Map.of(), "build", "--kernel", kernel, "--pkg", "python", "--name", name,
                script.toString(), "x", "y z");
        assertThat(build.exit()).as(build.err()).isZero();
        JsonNode manifest = new ObjectMapper().readTree(ingot().run("inspect", name).out());
        assertThat(manifest.path("schemaVersion").asInt()).isEqualTo(3);
        assertThat(manifest.path("packages")).hasSize(1);

        Path disk = work.resolve(name + ".img");
        IngotProcess.Result export = ingot().run("export", name, "-o", disk.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        PlainQemu.Ended plain = PlainQemu.runToExit(disk, "512M", work.resolve(name + ".console"), Duration.ofMinutes(5));
        assertThat(plain.console()).as("plain qemu, " + kernel).contains(expected);
        assertThat(plain.status()).as(plain.console()).isZero();

        IngotProcess.Result run = ingot().run(Duration.ofMinutes(5), Map.of(), "run", "--rm", "--boot", "disk", name);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(expected);
    }

    /** A script that needs extension modules and their libraries: sqlite3, json, hashlib, threading. */
    private Path stdlibScript() throws Exception {
        return Files.writeString(work.resolve("stdlib.py"), """
                import hashlib, json, sqlite3, sys, threading
                db = sqlite3.connect(":memory:")
                db.execute("create table t (k text, v integer)")
                db.executemany("insert into t values (?, ?)", [("a", 1), ("b", 2), ("c", 3)])
                rows = db.execute("select k, v * 10 from t order by k").fetchall()
                totals = []
                lock = threading.Lock()
                def work(i):
                    with lock:
                        totals.append(sum(range(i * 1000)))
                threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
                for t in threads: t.start()
                for t in threads: t.join()
                print(json.dumps({"rows": rows, "sha256": hashlib.sha256(b"ingot").hexdigest(),
                                  "md5": hashlib.md5(b"ingot").hexdigest(), "threads": sorted(totals),
                                  "args": sys.argv[1:]}, sort_keys=True))
                """);
    }

    /** What the host's python3.11 prints for the script. */
    private static String hostPython(Path script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3.11", script.toString()));
        cmd.addAll(List.of(args));
        Process host = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(host.getInputStream().readAllBytes());
        assertThat(host.waitFor()).as(out).isZero();
        return out;
    }

    /** require('zlib') needs libz in the package; node is the package's /usr/bin/node with libnode. */
    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void nodeHttpServer_answersCurl(String kernel) throws Exception {
        Path script = Files.writeString(work.resolve("server.js"), """
                const http = require('http');
                const zlib = require('zlib');
                http.createServer((req, res) => {
                  res.end('hello from node ' + zlib.gunzipSync(zlib.gzipSync('zipped')).toString() + '\\n');
                }).listen(8080, '0.0.0.0');
                """);
        servesHttp("node", kernel, port -> List.of("-p", port + ":8080", script.toString()), "/", "hello from node zipped\n");
    }

    /** php -S (the built-in web server) renders a PHP file from the --dir folder. */
    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void phpBuiltInServer_rendersAPhpFile(String kernel) throws Exception {
        Path site = Files.createDirectories(work.resolve("php-site"));
        Files.writeString(site.resolve("index.php"), "<?php echo 'hello from php ' . (6 * 7) . ' ' . json_encode(['a' => 1]) . \"\\n\";\n");
        servesHttp("php", kernel, port -> List.of("-p", port + ":8080", "--dir", site.toString(), "--", "-S", "0.0.0.0:8080", "-t", "/app"),
                "/index.php", "hello from php 42 {\"a\":1}\n");
    }

    /** A Ruby TCP server (require 'socket') echoes the lines it is sent. */
    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void rubyTcpEcho_echoesLines(String kernel) throws Exception {
        Path script = Files.writeString(work.resolve("echo.rb"), """
                require 'socket'
                server = TCPServer.new('0.0.0.0', 7000)
                loop do
                  client = server.accept
                  while (line = client.gets)
                    client.write(line)
                  end
                  client.close
                end
                """);
        int port = IngotProcess.freePort();
        String name = "pkg-ruby-" + kernel;
        IngotProcess.Result r = ingot().run(PKG_RUN, Map.of(), "run", "-d", "--name", name, "--kernel", kernel,
                "--pkg", "ruby", "-p", port + ":7000", script.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        started.add(name);
        try (java.net.Socket s = EchoClient.connect(port, Duration.ofMinutes(4).toMillis())) {
            s.setSoTimeout(60_000);
            var out = s.getOutputStream();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()));
            out.write("first line\n".getBytes());
            assertThat(in.readLine()).isEqualTo("first line");
            out.write("second\n".getBytes());
            assertThat(in.readLine()).isEqualTo("second");
        }
    }

    /** --pkg java runs a jar on the jlinked runtime (docs/java.md). */
    @Test
    void javaJar_runsWithPkgJava() throws Exception {
        Path jar = JavaSubjects.jar(work, "hello", "Hello");
        IngotProcess.Result r = ingot().run(PKG_RUN, Map.of(), "run", "--rm", "--kernel", "native", "--pkg", "java",
                jar.toString(), "7");
        assertThat(r.exit()).as(r.err()).isEqualTo(7);
        assertThat(r.out()).startsWith("hello from java 7\n");
    }

    /**
     * A package is a part of its own in the store: two images of python (on both kernels) name the
     * same package blob, the store holds that blob once, and each image's own rootfs is small.
     */
    @Test
    void twoImagesOfOnePackage_shareOnePackageBlob() throws Exception {
        Path a = Files.writeString(work.resolve("a.py"), "print('a')\n");
        Path b = Files.writeString(work.resolve("b.py"), "print('b')\n");
        List<JsonNode> manifests = new ArrayList<>();
        for (String[] build : List.of(new String[]{"linux", a.toString()}, new String[]{"native", b.toString()})) {
            IngotProcess.Result r = ingot().run(PKG_RUN, Map.of(), "build", "--kernel", build[0], "--pkg", "python", build[1]);
            assertThat(r.exit()).as(r.err()).isZero();
            String id = r.out().lines().filter(l -> l.startsWith("sha256:")).findFirst().orElseThrow();
            manifests.add(new ObjectMapper().readTree(blob(id).toFile()));
        }
        JsonNode pkgA = manifests.get(0).path("packages").path(0);
        JsonNode pkgB = manifests.get(1).path("packages").path(0);
        assertThat(pkgA.path("digest").asText()).startsWith("sha256:").isEqualTo(pkgB.path("digest").asText());
        Path pkg = blob(pkgA.path("digest").asText());
        assertThat(Files.size(pkg)).isEqualTo(pkgA.path("size").asLong()).isGreaterThan(20L << 20);
        for (JsonNode m : manifests) assertThat(m.path("rootfs").path("size").asLong()).isLessThan(1L << 20);
        try (var blobs = Files.list(pkg.getParent())) {
            long size = Files.size(pkg); // other packages' tests may share this store: match the size
            assertThat(blobs.filter(f -> f.toFile().length() == size).toList()).containsExactly(pkg);
        }
    }

    private static Path blob(String digest) {
        return home.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    /**
     * Both kernels name the files the script looked for and the image lacks, also one a
     * thread looked for (Linux follows every thread of the program with ptrace).
     */
    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void missingFiles_namesTheFilesTheProgramLookedFor(String kernel) throws Exception {
        Path script = Files.writeString(work.resolve("conf.py"), """
                import os, threading
                try:
                    open("/etc/ingot-demo.conf").read()
                except FileNotFoundError:
                    print("no config")
                t = threading.Thread(target=lambda: print("plugin:", os.path.exists("/opt/ingot-plugin.so")))
                t.start()
                t.join()
                """);
        IngotProcess.Result r = ingot().run(PKG_RUN, Map.of(), "run", "--rm", "--kernel", kernel, "--missing-files",
                "--pkg", "python", script.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("no config\n", "plugin: False\n");
        assertThat(r.out() + r.err()).contains("ingot: missing-file /etc/ingot-demo.conf\n",
                "ingot: missing-file /opt/ingot-plugin.so\n");
    }

    private void servesHttp(String pkg, String kernel, java.util.function.IntFunction<List<String>> flags, String path,
                            String expected) throws Exception {
        int port = IngotProcess.freePort();
        String name = "pkg-" + pkg + "-" + kernel;
        List<String> cmd = new ArrayList<>(List.of("run", "-d", "--name", name, "--kernel", kernel, "--pkg", pkg));
        cmd.addAll(flags.apply(port));
        IngotProcess.Result r = ingot().run(PKG_RUN, Map.of(), cmd.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        started.add(name);
        String body = Curl.awaitBody("http://127.0.0.1:" + port + path, expected, Duration.ofMinutes(4));
        assertThat(body).as(ingot().run("logs", name).out()).isEqualTo(expected);
    }

    /** No way to the archive (a proxy that refuses): one line, and no package or half-built tree left. */
    @Test
    void noNetwork_oneLineAndNothingHalfWritten(@TempDir Path otherHome, @TempDir Path emptyCache) throws Exception {
        IngotProcess.Result r = new IngotProcess(otherHome).run(Duration.ofMinutes(3),
                Map.of("INGOT_CACHE", emptyCache.toString(), "http_proxy", "http://127.0.0.1:1", "https_proxy", "http://127.0.0.1:1"),
                "pkg", "get", "ruby");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errorLines()).startsWith("ingot: downloading from the Debian archive (is the network up?) failed")
                .hasLineCount(1);
        assertThat(otherHome.resolve("packages/ruby")).doesNotExist();
        try (var left = Files.list(otherHome.resolve("packages/.staging"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void list_showsEveryRecipeBeforeItIsBuilt() throws Exception {
        IngotProcess.Result r = ingot().run("pkg", "list");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("NAME").contains("python   3.11").contains("node ").contains("ruby ")
                .contains("php ").contains("java ");
    }

    @Test
    void unknownPackage_oneLineNamingTheKnownOnes() throws Exception {
        IngotProcess.Result r = ingot().run("run", "--pkg", "cobol", "--", "-v");
        assertThat(r.exit()).isNotZero();
        assertThat(r.errorLines()).isEqualTo("ingot: unknown package 'cobol': Ingot has recipes for java, node, php, python, ruby"
                + " (ingot pkg list)\n");
    }

    @Test
    void unknownVersion_oneLineListingTheKnownOnes() throws Exception {
        IngotProcess.Result r = ingot().run("pkg", "get", "python:2.7");
        assertThat(r.exit()).isNotZero();
        assertThat(r.errorLines()).isEqualTo("ingot: unknown version '2.7' of package python: known versions are 3.11\n");
        assertThat(home.resolve("packages/python/2.7")).doesNotExist();
    }
}
