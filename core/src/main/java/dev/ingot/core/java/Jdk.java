package dev.ingot.core.java;

import dev.ingot.core.IngotException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The JDK whose jlink and jdeps build an application's runtime: the one the
 * user names (`java.home:` or --java-home), else the JDK running Ingot.
 *
 * @param home    the JDK's folder (has bin/jlink, bin/jdeps and a release file)
 * @param version the full JAVA_VERSION from its release file, e.g. 25.0.3
 * @param feature the feature release, e.g. 25
 */
public record Jdk(Path home, String version, int feature) {

    /** The highest class file major version this JDK runs (Java N reads up to N + 44). */
    public int maxClassMajor() {
        return feature + 44;
    }

    public Path tool(String name) {
        return home.resolve("bin").resolve(name);
    }

    /** @param requested a JDK folder, or null for the JDK running this process */
    public static Jdk locate(Path requested) throws IngotException {
        Path home = requested != null ? requested : Path.of(System.getProperty("java.home"));
        String where = requested != null ? "--java-home " + requested : "the JDK running ingot (" + home + ")";
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            throw new IngotException(where + " is not a JDK (no release file): point --java-home at a JDK 11 or newer");
        }
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            props.load(in);
        } catch (IOException e) {
            throw new IngotException("cannot read " + release + ": " + e.getMessage());
        }
        String version = unquote(props.getProperty("JAVA_VERSION"));
        int feature = feature(version);
        if (feature < 11) {
            throw new IngotException(where + " is Java " + version + ": Ingot needs a JDK 11 or newer (jlink, jdeps)");
        }
        for (String tool : new String[]{"jlink", "jdeps"}) {
            if (!Files.isExecutable(home.resolve("bin").resolve(tool))) {
                throw new IngotException(where + " has no bin/" + tool + " (a JRE?): point --java-home at a full JDK");
            }
        }
        return new Jdk(home.toAbsolutePath().normalize(), version, feature);
    }

    private static String unquote(String s) {
        if (s == null) return "";
        s = s.trim();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** "25.0.3" → 25; "1.8.0_402" → 8; "" → 0. */
    static int feature(String version) {
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
