package dev.ingot.core.java;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Java application as the user describes it: a runnable jar, or a main
 * class and a class path; plus the JVM's own options and extra modules.
 *
 * @param jar       the runnable jar, or null when mainClass and classPath say what to run
 * @param mainClass the main class (with a jar: overrides its Main-Class)
 * @param classPath host class path entries: folders, jars, or folder/* for every jar in it
 * @param jvmArgs   options for the JVM, after Ingot's defaults so they win
 * @param modules   modules to add to what jdeps finds (e.g. ones loaded by reflection)
 * @param javaHome  the JDK to build the runtime from, or null for the JDK running Ingot
 * @param train     how long a training run for the AOT cache lasts ({@link AotTrainer}), or null for none
 */
public record JavaApp(Path jar, String mainClass, List<String> classPath, List<String> jvmArgs,
                      List<String> modules, Path javaHome, Duration train) {
    public JavaApp {
        classPath = List.copyOf(classPath);
        jvmArgs = List.copyOf(jvmArgs);
        modules = List.copyOf(modules);
    }
}
