package dev.ingot.e2e;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds the Java test subjects (src/test/resources/java) into runnable jars with the JDK's own compiler. */
final class JavaSubjects {
    private JavaSubjects() {
    }

    /** Compiles resources/java/CLASS.java and packs it as DIR/NAME.jar with Main-Class CLASS. */
    static Path jar(Path dir, String name, String mainClass) throws IOException {
        Path src = dir.resolve("src-" + name).resolve(mainClass + ".java");
        Files.createDirectories(src.getParent());
        try (InputStream in = JavaSubjects.class.getResourceAsStream("/java/" + mainClass + ".java")) {
            Files.copy(in, src);
        }
        Path classes = Files.createDirectories(dir.resolve("classes-" + name));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString());
        if (rc != 0) throw new IOException("javac " + src + " failed");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }
}
