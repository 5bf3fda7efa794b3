package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.java.JavaApp;
import dev.ingot.core.java.TrainTime;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
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

    @Option(names = "--train", description = "Java: run the application once on the host first and give the image"
            + " the AOT cache that run records, so the guest's JVM starts faster (JDK 25+; docs/java.md).")
    boolean train;

    @Option(names = "--train-time", paramLabel = "DURATION",
            description = "Java: how long the training run lasts before it is asked to stop, e.g. 30s or 2m (default 10s; implies --train).")
    String trainTime;

    /** The Java settings the flags give, or null when none was given. */
    JavaApp toApp() throws IngotException {
        Duration trainFor = trainTime != null ? TrainTime.parse(trainTime, "--train-time") : train ? TrainTime.DEFAULT : null;
        if (mainClass == null && classPath == null && javaHome == null && jvmArgs.isEmpty() && modules.isEmpty()
                && trainFor == null) return null;
        List<String> cp = classPath == null ? List.of() : List.of(classPath);
        return new JavaApp(null, mainClass, cp, jvmArgs, modules, javaHome, trainFor);
    }

    boolean givesMainClass() {
        return mainClass != null;
    }
}
