package dev.ingot.e2e;

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
        Path script = Files.writeString(work.resolve("stdlib.py"), """
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
        Process host = new ProcessBuilder("python3", script.toString(), "x", "y z").redirectErrorStream(true).start();
        String expected = new String(host.getInputStream().readAllBytes());
        assertThat(host.waitFor()).as(expected).isZero();

        IngotProcess.Result r = ingot().run(PKG_RUN, Map.of(), "run", "--rm", "--kernel", kernel, "--pkg", "python",
                script.toString(), "x", "y z");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expected);
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
