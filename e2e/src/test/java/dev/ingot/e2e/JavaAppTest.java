package dev.ingot.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/** `ingot run app.jar` on both kernels: output, exit status, args, env, exceptions, an HTTP server, bad jars. */
class JavaAppTest {
    private static final Duration JAVA_RUN = Duration.ofMinutes(6);
    @TempDir Path home;
    @TempDir Path work;
    private IngotProcess ingot;
    private final List<String> started = new ArrayList<>();

    private IngotProcess ingot() {
        return ingot != null ? ingot : (ingot = new IngotProcess(home));
    }

    @AfterEach
    void removeInstances() throws Exception {
        for (String name : started) ingot().run("rm", "-f", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void hello_stdoutExitStatusArgsAndEnvComeBackExactly(String kernel) throws Exception {
        Path jar = JavaSubjects.jar(work, "hello", "Hello");

        IngotProcess.Result r = ingot().run(JAVA_RUN, Map.of(), "run", "--rm", "--kernel", kernel,
                "-e", "GREETING=hi there", jar.toString(), "7", "two words");

        assertThat(r.exit()).as(r.err()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("hello from java 7 two words\nGREETING=hi there\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void uncaughtException_exits1WithItsStackTrace(String kernel) throws Exception {
        Path jar = JavaSubjects.jar(work, "boom", "Boom");

        IngotProcess.Result r = ingot().run(JAVA_RUN, Map.of(), "run", "--rm", "--kernel", kernel, jar.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        String console = r.out() + r.err();
        assertThat(console).contains("about to fail")
                .contains("Exception in thread \"main\" java.lang.IllegalStateException: boom from java")
                .contains("at Boom.main(Boom.java:");
    }

    /** 40 threads, GC safepoints and NPEs from compiled code (SIGSEGV turned into exceptions) give the host's answer. */
    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void threadsSafepointsAndImplicitNullChecks_giveTheHostsAnswer(String kernel) throws Exception {
        Path jar = JavaSubjects.jar(work, "threads", "Threads");

        IngotProcess.Result r = ingot().run(JAVA_RUN, Map.of(), "run", "--rm", "--kernel", kernel, jar.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("threads 40 sum 7992000 npes 8000\n");
    }

    @Test
    void mainClassAndClassPath_runWithoutAJar() throws Exception {
        JavaSubjects.jar(work, "hello", "Hello");

        IngotProcess.Result r = ingot().run(JAVA_RUN, Map.of(), "run", "--rm", "--kernel", "native",
                "--main", "Hello", "--classpath", work.resolve("classes-hello").toString(), "3");

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).startsWith("hello from java 3\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void httpServer_answersCurl_keepAliveAndConcurrent(String kernel) throws Exception {
        Path jar = JavaSubjects.jar(work, "http", "HttpApp");
        servesHttp(jar, kernel, "hello from java\n");
    }

    /** A fat jar of a real framework from Maven Central (embedded Jetty 12), built here with mvn and the shade plugin. */
    @ParameterizedTest
    @ValueSource(strings = {"linux", "native"})
    void jettyFatJar_answersCurl_keepAliveAndConcurrent(String kernel) throws Exception {
        Path project = MavenProjects.copy("jetty-app", work);
        MavenProjects.Result mvn = MavenProjects.mvn(project, home, "-q", "package", "-DskipTests");
        assertThat(mvn.exit()).as(mvn.output()).isZero();
        servesHttp(project.resolve("target/jetty-app-1.0.jar"), kernel, "hello from jetty\n");
    }

    private void servesHttp(Path jar, String kernel, String hello) throws Exception {
        int port = IngotProcess.freePort();
        String name = "java-" + jar.getFileName().toString().replace(".jar", "") + "-" + kernel;
        IngotProcess.Result r = ingot().run(JAVA_RUN, Map.of(), "run", "-d", "--kernel", kernel, "--name", name,
                "-p", port + ":8080", jar.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        started.add(name);
        String url = "http://127.0.0.1:" + port;

        assertThat(Curl.awaitBody(url + "/", hello, Duration.ofMinutes(3))).isEqualTo(hello);

        String[] keepAlive = Curl.withLog("-sv", "--max-time", "60", url + "/echo?msg=a", url + "/echo?msg=b", url + "/echo?msg=c");
        assertThat(keepAlive[0]).isEqualTo("abc");
        assertThat(keepAlive[1]).contains("Re-using existing connection");

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String msg = "c" + i;
            answers.add(pool.submit(() -> Curl.body("-s", "--max-time", "60", url + "/echo?msg=" + msg)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
        for (int i = 0; i < 16; i++) assertThat(answers.get(i).get()).isEqualTo("c" + i);
    }

    /** A JDK's own launcher, brought in with dirs:, runs from its mapped path and finds libjli/libjvm beside itself. */
    @Test
    void jdkLauncherFromADirsMapping_runsAJar() throws Exception {
        Path jar = JavaSubjects.jar(work, "hello", "Hello");
        Path jdk = work.resolve("jdk");
        Process jlink = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jlink").toString(),
                "--add-modules", "java.base", "--output", jdk.toString()).redirectErrorStream(true).start();
        String log = new String(jlink.getInputStream().readAllBytes());
        assertThat(jlink.waitFor()).as(log).isZero();
        Path config = Files.writeString(work.resolve("ingot.yaml"), """
                name: jdk-launcher
                kernel: native
                program: ./jdk/bin/java
                args: [-jar, /srv/hello.jar, "5"]
                dirs: {./jdk: /opt/jdk}
                files: {./hello.jar: /srv/hello.jar}
                memory: 512M
                """);

        IngotProcess.Result r = ingot().run(JAVA_RUN, Map.of(), "run", "--rm", "-c", config.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.out()).startsWith("hello from java 5\n");
    }

    /**
     * --train runs the jar once on the host and ships the AOT cache it records: the guest's JVM
     * then loads the application's own class from that cache, not from the jar; a second build
     * of the same jar trains nothing.
     */
    @Test
    void train_recordsAnAotCacheTheGuestJvmLoadsClassesFrom() throws Exception {
        Path jar = JavaSubjects.jar(work, "hello", "Hello");
        String log = "--jvm-arg=-Xlog:class+load=info";

        IngotProcess.Result plain = ingot().run(JAVA_RUN, Map.of(), "run", "--rm", "--kernel", "native", log, jar.toString(), "3");
        IngotProcess.Result trained = ingot().run(JAVA_RUN, Map.of(), "run", "--rm", "--kernel", "native", "--train", log,
                jar.toString(), "3");
        IngotProcess.Result again = ingot().run(JAVA_RUN, Map.of(), "run", "--rm", "--kernel", "native", "--train", log,
                jar.toString(), "3");

        assertThat(plain.exit()).as(plain.err()).isEqualTo(3);
        assertThat(plain.out()).contains("Hello source: file:/app/hello.jar").contains("hello from java 3");
        assertThat(trained.exit()).as(trained.err()).isEqualTo(3);
        assertThat(trained.err()).contains("training the Java application on the host");
        assertThat(trained.out()).contains("Hello source: shared objects file").contains("hello from java 3");
        assertThat(again.exit()).as(again.err()).isEqualTo(3);
        assertThat(again.err()).doesNotContain("training");
        assertThat(again.out()).contains("Hello source: shared objects file");
    }

    @Test
    void train_withClassesInAFolder_isRefusedInOneLine() throws Exception {
        Path classes = Files.createDirectories(work.resolve("classes"));
        Files.writeString(classes.resolve("Main.class"), "not really a class");

        IngotProcess.Result r = ingot().run("build", "--main", "Main", "--classpath", classes.toString(), "--train");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("ingot: --train needs the application's classes in jars: the AOT cache cannot"
                + " hold classes from the folder " + classes + "; package it as a jar (e.g. mvn package)");
    }

    @Test
    void jarWithoutMainClass_isRefusedInOneLine() throws Exception {
        Path jar = jarWith(work.resolve("nomain.jar"), null, "Hello.class", Files.readAllBytes(compiledHello()));

        IngotProcess.Result r = ingot().run("build", jar.toString());

        assertThat(r.exit()).isNotZero();
        assertThat(r.errorLines().trim()).isEqualTo("ingot: " + jar + " has no Main-Class in its manifest: name the class to run with --main");
        assertThat(home.resolve("images")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void corruptJar_isRefusedInOneLine() throws Exception {
        Path good = JavaSubjects.jar(work, "hello", "Hello");
        byte[] bytes = Files.readAllBytes(good);
        Path bad = Files.write(work.resolve("corrupt.jar"), java.util.Arrays.copyOf(bytes, bytes.length - 30));

        IngotProcess.Result r = ingot().run("build", bad.toString());

        assertThat(r.exit()).isNotZero();
        assertThat(r.errorLines().trim()).startsWith("ingot: " + bad + " is a corrupt jar").doesNotContain("\n");
    }

    @Test
    void jarForANewerJava_isRefusedNamingBothVersions() throws Exception {
        byte[] future = Files.readAllBytes(compiledHello());
        future[6] = 0;
        future[7] = 99; // class file version 99: Java 55
        Path jar = jarWith(work.resolve("future.jar"), "Hello", "Hello.class", future);

        IngotProcess.Result r = ingot().run("build", jar.toString());

        assertThat(r.exit()).isNotZero();
        assertThat(r.errorLines().trim()).contains(jar + " needs Java 55").contains("is Java 25")
                .contains("--java-home").doesNotContain("\n");
    }

    private Path compiledHello() throws Exception {
        JavaSubjects.jar(work, "hello", "Hello");
        return work.resolve("classes-hello/Hello.class");
    }

    private static Path jarWith(Path jar, String mainClass, String entry, byte[] bytes) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(bytes);
        }
        return jar;
    }
}
