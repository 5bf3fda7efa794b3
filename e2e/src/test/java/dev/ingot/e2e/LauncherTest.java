package dev.ingot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/ingot finds its checkout and a JDK 25 with shell builtins (no forks, for speed), so
 * each way a user starts it is tried here: from the checkout, from elsewhere by a relative
 * path, from `/`, through a symlink on PATH, and with a JAVA_HOME that is not a JDK 25.
 */
class LauncherTest {
    private static final Path REPO = IngotProcess.REPO;

    @TempDir Path tmp;

    private String version(Path cwd, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s in %s: %s", List.of(command), cwd, out).isZero();
        return out;
    }

    @Test
    void everyWayOfStartingIt_findsTheCheckoutAndAJdk25() throws Exception {
        Path fromRoot = Path.of("/").relativize(REPO);
        Path fromTmp = tmp.relativize(REPO);
        Path link = tmp.resolve("ingot");
        Files.createSymbolicLink(link, REPO.resolve("bin/ingot"));
        List<String> outputs = List.of(
                version(REPO, Map.of(), "bin/ingot", "version"),
                version(REPO, Map.of(), "./bin/ingot", "version"),
                version(REPO.resolve("bin"), Map.of(), "./ingot", "version"),
                version(Path.of("/"), Map.of(), fromRoot.resolve("bin/ingot").toString(), "version"),
                version(tmp, Map.of(), fromTmp.resolve("bin/ingot").toString(), "version"),
                version(tmp, Map.of("PATH", tmp + ":" + System.getenv("PATH")), "bash", "-c", "ingot version"));
        for (String out : outputs) {
            assertThat(out).startsWith("ingot ").contains("java 25");
        }
    }

    @Test
    void aJavaHomeThatIsNotJdk25_isPassedOver() throws Exception {
        Path old = tmp.resolve("jdk17");
        Files.createDirectories(old.resolve("bin"));
        Files.writeString(old.resolve("release"), "JAVA_VERSION=\"17.0.15\"\nJAVA_VERSION_DATE=\"2025-04-15\"\n");
        Path java = Files.writeString(old.resolve("bin/java"), "#!/bin/sh\necho not this java\nexit 3\n");
        java.toFile().setExecutable(true);
        // "25" must be the feature version, not a prefix of it.
        Path jdk250 = tmp.resolve("jdk250");
        Files.createDirectories(jdk250.resolve("bin"));
        Files.writeString(jdk250.resolve("release"), "JAVA_VERSION=\"250.1\"\n");
        Files.copy(java, jdk250.resolve("bin/java")).toFile().setExecutable(true);
        for (Path home : List.of(old, jdk250)) {
            String out = version(REPO, Map.of("JAVA_HOME", home.toString()), "bin/ingot", "version");
            assertThat(out).doesNotContain("not this java").contains("java 25");
        }
    }
}
