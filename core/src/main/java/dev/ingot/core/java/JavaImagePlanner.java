package dev.ingot.core.java;

import dev.ingot.core.IngotException;
import dev.ingot.core.spec.FileMapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.Stream;

/**
 * Turns a {@link JavaApp} into a {@link JavaLaunch}: check the jar, find the
 * JDK, work out the modules, get (or link) the runtime, and lay the
 * application out beside it. The runtime goes to /opt/java laid out as the
 * JDK expects (bin/java, lib/, lib/server/libjvm.so, conf/), so the launcher
 * finds libjli and libjvm relative to itself; the application goes to /app.
 */
public final class JavaImagePlanner {
    public static final String RUNTIME_DIR = "/opt/java";
    public static final String APP_DIR = "/app";

    private final RuntimeCache runtimes;
    private final AotTrainer trainer;
    private final JarInspector jars = new JarInspector();

    public JavaImagePlanner(RuntimeCache runtimes, AotTrainer trainer) {
        this.runtimes = runtimes;
        this.trainer = trainer;
    }

    public JavaLaunch plan(JavaApp app, List<String> programArgs, long guestMemoryBytes, int cpus) throws IngotException {
        Jdk jdk = Jdk.locate(app.javaHome());
        List<FileMapping> files = new ArrayList<>();
        List<Path> analysed = new ArrayList<>();
        List<String> launch = new ArrayList<>();
        if (app.jar() != null) {
            JarInfo jar = checked(jars.inspect(app.jar()), jdk);
            String jarImage = APP_DIR + "/" + app.jar().getFileName();
            files.add(new FileMapping(app.jar(), jarImage));
            analysed.add(app.jar());
            List<String> imageClassPath = new ArrayList<>(List.of(jarImage));
            for (String entry : jar.classPath()) {
                Path host = app.jar().toAbsolutePath().getParent().resolve(entry).normalize();
                // The JVM skips Class-Path entries that are not there; so do we.
                if (!Files.exists(host)) continue;
                String image = Path.of(APP_DIR).resolve(entry).normalize().toString();
                if (!image.startsWith(APP_DIR + "/")) {
                    throw new IngotException(app.jar() + ": Class-Path entry '" + entry
                            + "' points outside the jar's folder: keep dependencies beside the jar or in a subfolder");
                }
                if (Files.isRegularFile(host)) checkedIfJar(host, jdk);
                files.add(new FileMapping(host, image));
                analysed.add(host);
                imageClassPath.add(image);
            }
            if (app.mainClass() != null) {
                launch.addAll(List.of("-cp", String.join(":", imageClassPath), app.mainClass()));
            } else if (jar.mainClass() != null) {
                launch.addAll(List.of("-jar", jarImage));
            } else {
                throw new IngotException(app.jar() + " has no Main-Class in its manifest: name the class to run with --main");
            }
        } else {
            if (app.mainClass() == null) {
                throw new IngotException("no Java application given: name a jar, or --main CLASS with --classpath", 2, null);
            }
            List<String> imageClassPath = new ArrayList<>();
            int index = 0;
            for (Path host : expandClassPath(app.classPath())) {
                if (Files.isRegularFile(host)) checkedIfJar(host, jdk);
                String image = APP_DIR + "/cp/" + (index++) + "-" + host.getFileName();
                files.add(new FileMapping(host, image));
                analysed.add(host);
                imageClassPath.add(image);
            }
            if (imageClassPath.isEmpty()) {
                throw new IngotException("--main " + app.mainClass() + " needs a --classpath with the application's classes", 2, null);
            }
            launch.addAll(List.of("-cp", String.join(":", imageClassPath), app.mainClass()));
        }

        if (app.train() != null) AotTrainer.requireJars(files); // before jdeps reads them
        SortedSet<String> modules = new ModuleResolver(jdk).resolve(analysed, List.of(), app.modules());
        Path runtime = runtimes.runtime(jdk, modules);
        files.addFirst(new FileMapping(runtime, RUNTIME_DIR));

        List<String> jvmArgs = new ArrayList<>(JvmDefaults.forMemory(guestMemoryBytes));
        jvmArgs.addAll(app.jvmArgs());
        launch.addAll(programArgs);
        if (app.train() != null) {
            List<FileMapping> appFiles = files.subList(1, files.size());
            Path cache = trainer.train(runtime, jvmArgs, launch, appFiles, guestMemoryBytes, cpus, app.train());
            files.add(new FileMapping(cache, AotTrainer.IMAGE_PATH));
            jvmArgs.add("-XX:AOTCache=" + AotTrainer.IMAGE_PATH);
        }
        List<String> args = new ArrayList<>(jvmArgs);
        args.addAll(launch);
        return new JavaLaunch(runtime.resolve("bin/java"), args, files, List.copyOf(modules));
    }

    /** A jar whose classes need a newer Java than the JDK is refused here, not by the guest's JVM. */
    private static JarInfo checked(JarInfo jar, Jdk jdk) throws IngotException {
        if (jar.maxClassMajor() > jdk.maxClassMajor()) {
            throw new IngotException(jar.path() + " needs Java " + jar.requiredRelease() + " (" + jar.newestClass()
                    + " is class file version " + jar.maxClassMajor() + ") but the JDK at " + jdk.home() + " is Java "
                    + jdk.feature() + ": use --java-home with a JDK " + jar.requiredRelease() + " or newer");
        }
        return jar;
    }

    private void checkedIfJar(Path file, Jdk jdk) throws IngotException {
        if (JarInspector.looksLikeZip(file)) checked(jars.inspect(file), jdk);
    }

    /** Class path entries as the java launcher reads them: "dir/*" is every jar in dir. */
    static List<Path> expandClassPath(List<String> entries) throws IngotException {
        List<Path> out = new ArrayList<>();
        for (String entry : entries) {
            for (String part : entry.split(":")) {
                if (part.isEmpty()) continue;
                if (part.endsWith("/*") || part.equals("*")) {
                    Path dir = Path.of(part.substring(0, part.length() - 1).isEmpty() ? "." : part.substring(0, part.length() - 1));
                    if (!Files.isDirectory(dir)) throw new IngotException("class path folder not found: " + dir, 2, null);
                    try (Stream<Path> list = Files.list(dir)) {
                        list.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
                    } catch (IOException e) {
                        throw new IngotException("cannot list " + dir + ": " + e.getMessage());
                    }
                } else {
                    Path p = Path.of(part);
                    if (!Files.exists(p)) throw new IngotException("class path entry not found: " + p, 2, null);
                    out.add(p);
                }
            }
        }
        return out;
    }
}
