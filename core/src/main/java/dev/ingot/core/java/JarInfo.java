package dev.ingot.core.java;

import java.nio.file.Path;
import java.util.List;

/**
 * What Ingot needs to know of a jar, read from its bytes (never run).
 *
 * @param path          the jar on the host
 * @param mainClass     the manifest's Main-Class, or null when it has none
 * @param classPath     the manifest's Class-Path entries, relative to the jar's folder as the JVM reads them
 * @param maxClassMajor the highest class file major version inside (Java N is major N + 44); 0 for a jar of no classes
 * @param newestClass   the entry with that version, to name it in an error
 */
public record JarInfo(Path path, String mainClass, List<String> classPath, int maxClassMajor, String newestClass) {
    public JarInfo {
        classPath = List.copyOf(classPath);
    }

    /** The Java feature release the newest class needs (Java 8 is major 52). */
    public int requiredRelease() {
        return maxClassMajor == 0 ? 0 : maxClassMajor - 44;
    }
}
