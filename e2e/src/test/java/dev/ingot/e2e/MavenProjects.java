package dev.ingot.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Real Maven projects kept under src/test/resources, copied out and built with the machine's mvn. */
final class MavenProjects {
    private MavenProjects() {
    }

    static Path copy(String resource, Path into) throws IOException, URISyntaxException {
        Path source = Path.of(MavenProjects.class.getResource("/" + resource).toURI());
        Path target = into.resolve(resource);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted().toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return target;
    }

    record Result(int exit, String output) {}

    /** mvn -B with the given arguments in the project, Ingot's state under home and the suite's shared cache. */
    static Result mvn(Path project, Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-Dingot.dist=" + IngotProcess.REPO));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("INGOT_HOME", home.toString(), "INGOT_CACHE", IngotProcess.SHARED_CACHE.toString()));
        pb.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes());
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", args) + " did not finish in 10 minutes:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
