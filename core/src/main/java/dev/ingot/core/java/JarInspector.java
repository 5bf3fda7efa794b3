package dev.ingot.core.java;

import dev.ingot.core.IngotException;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;

/**
 * Reads a jar as data: is it one (a zip with a manifest, whatever its file
 * name), its Main-Class and Class-Path, and the newest class file version in
 * it, so a jar built for a newer Java fails at build time with one line
 * instead of an UnsupportedClassVersionError in the guest.
 */
public final class JarInspector {
    /** A zip's local file header signature, "PK\3\4". */
    private static final byte[] ZIP_MAGIC = {0x50, 0x4b, 0x03, 0x04};
    /** A class file's magic number. */
    private static final int CLASS_MAGIC = 0xCAFEBABE;

    /** True when the file starts like a zip: the cheap test `ingot run FILE` uses to take the Java path. */
    public static boolean looksLikeZip(Path file) {
        if (!Files.isRegularFile(file)) return false;
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), ZIP_MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @throws IngotException when the file is no zip, is corrupt, or has no manifest
     */
    public JarInfo inspect(Path jar) throws IngotException {
        if (!looksLikeZip(jar)) {
            throw new IngotException(jar + " is not a jar (no zip header): give a jar built by jar, Maven or Gradle");
        }
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                throw new IngotException(jar + " has no META-INF/MANIFEST.MF, so it is no jar: rebuild it with jar or Maven");
            }
            Attributes main = manifest.getMainAttributes();
            String mainClass = blankToNull(main.getValue(Attributes.Name.MAIN_CLASS));
            List<String> classPath = splitClassPath(main.getValue(Attributes.Name.CLASS_PATH));
            int maxMajor = 0;
            String newest = null;
            for (Enumeration<JarEntry> it = file.entries(); it.hasMoreElements(); ) {
                JarEntry entry = it.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".class")) continue;
                // META-INF/versions/N classes load only on Java N and later,
                // so they don't raise the release the jar needs.
                if (entry.getName().startsWith("META-INF/versions/")) continue;
                int major = classMajor(file, entry);
                if (major > maxMajor) {
                    maxMajor = major;
                    newest = entry.getName();
                }
            }
            return new JarInfo(jar, mainClass, classPath, maxMajor, newest);
        } catch (ZipException e) {
            throw new IngotException(jar + " is a corrupt jar (" + e.getMessage() + "): rebuild it");
        } catch (IOException e) {
            throw new IngotException("cannot read jar " + jar + ": " + e.getMessage());
        }
    }

    private static int classMajor(JarFile file, ZipEntry entry) throws IOException, IngotException {
        try (DataInputStream in = new DataInputStream(file.getInputStream(entry))) {
            int magic = in.readInt();
            if (magic != CLASS_MAGIC) {
                throw new IngotException(file.getName() + ": " + entry.getName() + " is not a class file (bad magic): rebuild the jar");
            }
            in.readUnsignedShort(); // minor
            return in.readUnsignedShort();
        } catch (java.io.EOFException e) {
            throw new IngotException(file.getName() + ": " + entry.getName() + " is truncated: rebuild the jar");
        }
    }

    private static List<String> splitClassPath(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) return out;
        for (String s : value.trim().split("\\s+")) if (!s.isEmpty()) out.add(s);
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
