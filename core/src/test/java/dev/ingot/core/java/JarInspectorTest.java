package dev.ingot.core.java;

import dev.ingot.core.IngotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JarInspectorTest {
    @TempDir
    Path dir;

    /** Compiles Hello.java for the given release with the JDK's own compiler and returns the class bytes. */
    private byte[] helloClass(int release) throws IOException {
        Path src = dir.resolve("Hello.java");
        Files.writeString(src, "public class Hello { public static void main(String[] a) { System.out.println(\"hi\"); } }");
        Path out = Files.createDirectories(dir.resolve("classes" + release));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "--release", Integer.toString(release), "-d", out.toString(), src.toString());
        assertThat(rc).isZero();
        return Files.readAllBytes(out.resolve("Hello.class"));
    }

    private Path jar(String name, Manifest manifest, String entry, byte[] bytes) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(jar);
             JarOutputStream out = manifest != null ? new JarOutputStream(os, manifest) : new JarOutputStream(os)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(bytes);
            out.closeEntry();
        }
        return jar;
    }

    private static Manifest manifest(String mainClass, String classPath) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        if (classPath != null) m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        return m;
    }

    @Test
    void inspect_runnableJar_readsMainClassClassPathAndVersion() throws Exception {
        Path jar = jar("app.jar", manifest("Hello", "lib/a.jar  lib/b.jar"), "Hello.class", helloClass(17));

        JarInfo info = new JarInspector().inspect(jar);

        assertThat(info.mainClass()).isEqualTo("Hello");
        assertThat(info.classPath()).containsExactly("lib/a.jar", "lib/b.jar");
        assertThat(info.maxClassMajor()).isEqualTo(61);
        assertThat(info.requiredRelease()).isEqualTo(17);
        assertThat(info.newestClass()).isEqualTo("Hello.class");
    }

    @Test
    void inspect_byContentNotName() throws Exception {
        Path jar = jar("application.bin", manifest("Hello", null), "Hello.class", helloClass(11));

        assertThat(JarInspector.looksLikeZip(jar)).isTrue();
        assertThat(new JarInspector().inspect(jar).mainClass()).isEqualTo("Hello");
    }

    @Test
    void inspect_noMainClass_hasNullMainClass() throws Exception {
        Path jar = jar("lib.jar", manifest(null, null), "Hello.class", helloClass(11));

        assertThat(new JarInspector().inspect(jar).mainClass()).isNull();
    }

    @Test
    void inspect_zipWithoutManifest_isRefused() throws Exception {
        Path zip = jar("plain.zip", null, "Hello.class", helloClass(11));

        assertThatThrownBy(() -> new JarInspector().inspect(zip))
                .isInstanceOf(IngotException.class).hasMessageContaining("no META-INF/MANIFEST.MF");
    }

    @Test
    void inspect_notAZip_isRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("app.jar"), "not a jar at all");

        assertThat(JarInspector.looksLikeZip(text)).isFalse();
        assertThatThrownBy(() -> new JarInspector().inspect(text))
                .isInstanceOf(IngotException.class).hasMessageContaining("is not a jar");
    }

    @Test
    void inspect_truncatedJar_isCorrupt() throws Exception {
        Path good = jar("good.jar", manifest("Hello", null), "Hello.class", helloClass(11));
        byte[] bytes = Files.readAllBytes(good);
        Path bad = Files.write(dir.resolve("bad.jar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> new JarInspector().inspect(bad))
                .isInstanceOf(IngotException.class).hasMessageContaining("corrupt jar");
    }

    @Test
    void inspect_classNewerThanAnyJdk_reportsItsVersion() throws Exception {
        byte[] future = helloClass(17);
        future[6] = 0;
        future[7] = (byte) 99; // major 99: Java 55
        Path jar = jar("future.jar", manifest("Hello", null), "Hello.class", future);

        JarInfo info = new JarInspector().inspect(jar);

        assertThat(info.maxClassMajor()).isEqualTo(99);
        assertThat(info.requiredRelease()).isEqualTo(55);
    }

    @Test
    void inspect_versionedEntries_doNotRaiseTheFloor() throws Exception {
        Path jar = dir.resolve("mr.jar");
        byte[] future = helloClass(17);
        future[7] = (byte) 99;
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest("Hello", null))) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(helloClass(11));
            out.putNextEntry(new JarEntry("META-INF/versions/55/Hello.class"));
            out.write(future);
        }

        assertThat(new JarInspector().inspect(jar).requiredRelease()).isEqualTo(11);
    }

    @Test
    void inspect_classWithBadMagic_isRefused() throws Exception {
        Path jar = jar("junk.jar", manifest("Hello", null), "Hello.class", new byte[]{1, 2, 3, 4, 5, 6, 7, 8});

        assertThatThrownBy(() -> new JarInspector().inspect(jar))
                .isInstanceOf(IngotException.class).hasMessageContaining("not a class file");
    }
}
