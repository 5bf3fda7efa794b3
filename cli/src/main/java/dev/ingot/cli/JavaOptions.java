package dev.ingot.cli;

import dev.ingot.core.java.JavaApp;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Flags for Java applications (docs/java.md); a jar given as the program needs none of them. */
final class JavaOptions {
    @Option(names = "--main", paramLabel = "CLASS", description = "Java: the main class (with --classpath, or to override a jar's Main-Class).")
    String mainClass;

    @Option(names = {"--classpath", "--class-path"}, paramLabel = "PATH",
            description = "Java: class path of folders and jars, ':'-separated; dir/* takes every jar in dir.")
    String classPath;

    @Option(names = "--java-home", paramLabel = "DIR", description = "Java: the JDK whose jlink builds the runtime (default: the JDK running ingot).")
    Path javaHome;

    @Option(names = "--jvm-arg", paramLabel = "OPTION", description = "Java: a JVM option, e.g. --jvm-arg=-Xss512k (repeatable).")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--add-module", paramLabel = "MODULE", description = "Java: a JDK module to add to what jdeps finds (repeatable).")
    List<String> modules = new ArrayList<>();

    /** The Java settings the flags give, or null when none was given. */
    JavaApp toApp() {
        if (mainClass == null && classPath == null && javaHome == null && jvmArgs.isEmpty() && modules.isEmpty()) return null;
        List<String> cp = classPath == null ? List.of() : List.of(classPath);
        return new JavaApp(null, mainClass, cp, jvmArgs, modules, javaHome);
    }

    boolean givesMainClass() {
        return mainClass != null;
    }
}
