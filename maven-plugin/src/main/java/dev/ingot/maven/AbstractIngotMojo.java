package dev.ingot.maven;

import dev.ingot.api.Ingot;
import dev.ingot.core.IngotException;
import dev.ingot.core.image.Image;
import dev.ingot.core.store.ImageRef;
import dev.ingot.core.java.JavaApp;
import dev.ingot.core.java.TrainTime;
import dev.ingot.core.kernel.KernelArtifacts;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.MemorySize;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.spec.SpecBuilder;
import dev.ingot.core.util.IngotHome;
import dev.ingot.core.util.Progress;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the build and run goals share: the configuration, which mirrors
 * ingot.yaml's keys (docs/java.md), and turning the project into an image.
 * Like Jib, the application comes from the reactor: the project's jar when
 * it has a Main-Class, else its classes folder and runtime dependencies with
 * {@code mainClass}. Errors name the pom element they come from.
 */
abstract class AbstractIngotMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Image name; default: the project's artifactId. */
    @Parameter(property = "ingot.name")
    protected String name;

    /** The runnable jar; default: the project's packaged jar. */
    @Parameter(property = "ingot.jar")
    protected File jar;

    /** The main class; with it the image runs target/classes and the runtime dependencies instead of the jar. */
    @Parameter(property = "ingot.mainClass")
    protected String mainClass;

    @Parameter
    protected List<String> args = new ArrayList<>();

    @Parameter
    protected Map<String, String> env = new LinkedHashMap<>();

    /** Port forwards as on the command line: 8080 or 18080:8080. */
    @Parameter
    protected List<String> ports = new ArrayList<>();

    /** Guest memory, e.g. 512M. */
    @Parameter(property = "ingot.memory")
    protected String memory;

    @Parameter(property = "ingot.cpus")
    protected Integer cpus;

    /** native (the default) or linux (README.md, "Which kernel"). */
    @Parameter(property = "ingot.kernel")
    protected String kernel;

    @Parameter
    protected List<String> jvmArgs = new ArrayList<>();

    /** JDK modules beyond what jdeps finds. */
    @Parameter
    protected List<String> modules = new ArrayList<>();

    /** The JDK whose jlink builds the runtime; default: the JDK running Maven. */
    @Parameter(property = "ingot.javaHome")
    protected File javaHome;

    /** Record a JDK 25 AOT cache in a training run on the host first, so the guest's JVM starts faster. */
    @Parameter(property = "ingot.train", defaultValue = "false")
    protected boolean train;

    /** How long the training run lasts, e.g. 30s or 2m (default 10s; implies train). */
    @Parameter(property = "ingot.trainTime")
    protected String trainTime;

    /** Ingot's installation (the folder with bin/ingot); default: $INGOT_DIST. */
    @Parameter(property = "ingot.dist")
    protected File dist;

    protected final Progress progress() {
        PrintStream log = new PrintStream(new LogStream(getLog()), true);
        return new Progress(log, false, false);
    }

    /** Ingot's API over the user's INGOT_HOME, finding the kernels in {@code dist} when it is set. */
    protected final Ingot ingot(Progress progress) throws IngotException {
        if (dist != null) System.setProperty("ingot.dist", dist.getAbsolutePath());
        KernelArtifacts.distFromEnvironment(); // fails here, with its one line, when Ingot cannot be found
        return new Ingot(IngotHome.fromEnvironment(), progress);
    }

    /** Builds the project's image and tags it NAME:latest, as `ingot build` does. */
    protected final Image buildImage(Ingot ingot, Spec spec) throws MojoFailureException {
        try {
            Ingot.Built built = ingot.build(spec, Optional.of(ImageRef.parse(spec.name())));
            getLog().info("ingot: image " + spec.name() + " (" + built.image().manifest().run().kernel().id() + " kernel) "
                    + built.image().digest() + (built.cached() ? ", unchanged (build cache)" : ""));
            return built.image();
        } catch (IngotException e) {
            throw new MojoFailureException("ingot: " + e.getMessage(), e);
        }
    }

    protected final Spec spec() throws IngotException, MojoFailureException {
        SpecBuilder b = new SpecBuilder().name(name != null ? name : project.getArtifactId());
        b.java(javaApp());
        b.args(args);
        for (Map.Entry<String, String> e : env.entrySet()) b.env(e.getKey(), e.getValue() == null ? "" : e.getValue());
        List<PortForward> forwards = new ArrayList<>();
        for (String p : ports) forwards.add(PortForward.parse(p, "<ports> in the pom"));
        if (!forwards.isEmpty()) b.ports(forwards);
        if (memory != null) b.memoryBytes(MemorySize.parse(memory, "<memory> in the pom"));
        if (cpus != null) b.cpus(cpus);
        if (kernel != null) b.kernel(KernelKind.parse(kernel, "<kernel> in the pom"));
        return b.build();
    }

    private JavaApp javaApp() throws MojoFailureException, IngotException {
        Path home = javaHome != null ? javaHome.toPath() : null;
        Duration trainFor = trainTime != null ? TrainTime.parse(trainTime, "<trainTime> in the pom")
                : train ? TrainTime.DEFAULT : null;
        if (mainClass != null && jar == null) {
            List<String> classPath = new ArrayList<>();
            try {
                for (String element : project.getRuntimeClasspathElements()) {
                    if (Files.exists(Path.of(element))) classPath.add(element);
                }
            } catch (DependencyResolutionRequiredException e) {
                throw new MojoFailureException("ingot: the project's runtime dependencies are not resolved: " + e.getMessage(), e);
            }
            return new JavaApp(null, mainClass, classPath, jvmArgs, modules, home, trainFor);
        }
        File file = jar != null ? jar : project.getArtifact().getFile();
        if (file == null || !file.isFile()) {
            throw new MojoFailureException("ingot: no jar to run: run the goal after package (mvn package ingot:build),"
                    + " or set <jar>, or <mainClass> to run target/classes");
        }
        return new JavaApp(file.toPath(), mainClass, List.of(), jvmArgs, modules, home, trainFor);
    }
}
