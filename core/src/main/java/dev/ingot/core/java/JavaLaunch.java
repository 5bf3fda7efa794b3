package dev.ingot.core.java;

import dev.ingot.core.spec.FileMapping;

import java.nio.file.Path;
import java.util.List;

/**
 * How an image runs a Java application: the runtime's launcher as the
 * program, its arguments, and the files to lay out around it.
 *
 * @param launcher  bin/java of the linked runtime, on the host (inside a mapped folder, so it runs from there)
 * @param args      everything after argv[0]: JVM options, -jar or -cp and the main class, the application's args
 * @param files     the runtime folder and the application's jars and class folders, with their image paths
 * @param modules   the runtime's modules
 */
public record JavaLaunch(Path launcher, List<String> args, List<FileMapping> files, List<String> modules) {
    public JavaLaunch {
        args = List.copyOf(args);
        files = List.copyOf(files);
        modules = List.copyOf(modules);
    }
}
