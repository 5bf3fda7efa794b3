package dev.ingot.core.image;

import com.fasterxml.jackson.core.JsonParser;
import dev.ingot.core.elf.ElfKind;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.store.Digest;
import dev.ingot.core.util.JsonStream;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.ingot.core.util.JsonStream.intValue;
import static dev.ingot.core.util.JsonStream.list;
import static dev.ingot.core.util.JsonStream.longValue;
import static dev.ingot.core.util.JsonStream.nullable;
import static dev.ingot.core.util.JsonStream.object;
import static dev.ingot.core.util.JsonStream.string;

/**
 * Reads an image manifest with the streaming parser: every `ingot run`
 * reads one, and the object mapper's set-up for these records cost more
 * than the rest of the image check. Reads what {@link dev.ingot.core.util.Json}
 * reads, to the same records (ImageManifestJsonTest holds the two equal).
 * Manifests are still written by the mapper: their bytes are their digest.
 */
public final class ManifestReader {
    private ManifestReader() {
    }

    public static ImageManifest parse(byte[] bytes) throws IOException {
        return JsonStream.parse(bytes, ManifestReader::manifest);
    }

    private static ImageManifest manifest(JsonParser p) throws IOException {
        var f = new Object() {
            int schemaVersion;
            String mediaType, name, ingotVersion;
            Instant created;
            ImageManifest.Run run;
            ImageManifest.Part kernel, rootfs, disk;
            ImageManifest.Program program;
        };
        object(p, (name, v) -> {
            switch (name) {
                case "schemaVersion" -> f.schemaVersion = intValue(v);
                case "mediaType" -> f.mediaType = string(v);
                case "name" -> f.name = string(v);
                case "created" -> f.created = JsonStream.instant(v);
                case "ingotVersion" -> f.ingotVersion = string(v);
                case "run" -> f.run = nullable(v, ManifestReader::run);
                case "kernel" -> f.kernel = nullable(v, ManifestReader::part);
                case "rootfs" -> f.rootfs = nullable(v, ManifestReader::part);
                case "disk" -> f.disk = nullable(v, ManifestReader::part);
                case "program" -> f.program = nullable(v, ManifestReader::program);
                default -> JsonStream.skip(v);
            }
        });
        try {
            return new ImageManifest(f.schemaVersion, f.mediaType, f.name, f.created, f.ingotVersion, f.run, f.kernel,
                    f.rootfs, f.disk, f.program);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    private static ImageManifest.Run run(JsonParser p) throws IOException {
        var f = new Object() {
            KernelKind kernel;
            List<String> argv;
            Map<String, String> env;
            List<PortForward> ports;
            long memoryBytes;
            int cpus;
        };
        object(p, (name, v) -> {
            switch (name) {
                case "kernel" -> f.kernel = kernel(v);
                case "argv" -> f.argv = list(v, JsonStream::string);
                case "env" -> f.env = JsonStream.stringMap(v);
                case "ports" -> f.ports = list(v, ManifestReader::port);
                case "memoryBytes" -> f.memoryBytes = longValue(v);
                case "cpus" -> f.cpus = intValue(v);
                default -> JsonStream.skip(v);
            }
        });
        try {
            return new ImageManifest.Run(f.kernel, f.argv, f.env, f.ports, f.memoryBytes, f.cpus);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    private static ImageManifest.Part part(JsonParser p) throws IOException {
        var f = new Object() {
            Digest digest;
            long size;
        };
        object(p, (name, v) -> {
            switch (name) {
                case "digest" -> f.digest = digest(v);
                case "size" -> f.size = longValue(v);
                default -> JsonStream.skip(v);
            }
        });
        try {
            return new ImageManifest.Part(f.digest, f.size);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    private static ImageManifest.Program program(JsonParser p) throws IOException {
        var f = new Object() {
            String hostPath, imagePath, interpreter;
            ElfKind linkage;
            List<ImageManifest.Library> libraries;
        };
        object(p, (name, v) -> {
            switch (name) {
                case "hostPath" -> f.hostPath = string(v);
                case "imagePath" -> f.imagePath = string(v);
                case "linkage" -> f.linkage = linkage(v);
                case "interpreter" -> f.interpreter = string(v);
                case "libraries" -> f.libraries = list(v, ManifestReader::library);
                default -> JsonStream.skip(v);
            }
        });
        return new ImageManifest.Program(f.hostPath, f.imagePath, f.linkage, f.interpreter, f.libraries);
    }

    private static ImageManifest.Library library(JsonParser p) throws IOException {
        var f = new Object() {
            String imagePath, hostPath;
        };
        object(p, (name, v) -> {
            switch (name) {
                case "imagePath" -> f.imagePath = string(v);
                case "hostPath" -> f.hostPath = string(v);
                default -> JsonStream.skip(v);
            }
        });
        return new ImageManifest.Library(f.imagePath, f.hostPath);
    }

    /** A port forward as the mapper writes the record: its four fields by name. */
    public static PortForward port(JsonParser p) throws IOException {
        var f = new Object() {
            String hostAddress, protocol;
            int hostPort, guestPort;
        };
        object(p, (name, v) -> {
            switch (name) {
                case "hostAddress" -> f.hostAddress = string(v);
                case "hostPort" -> f.hostPort = intValue(v);
                case "guestPort" -> f.guestPort = intValue(v);
                case "protocol" -> f.protocol = string(v);
                default -> JsonStream.skip(v);
            }
        });
        return new PortForward(f.hostAddress, f.hostPort, f.guestPort, f.protocol);
    }

    public static Digest digest(JsonParser p) throws IOException {
        String text = string(p);
        try {
            return text == null ? null : Digest.parse(text);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    public static KernelKind kernel(JsonParser p) throws IOException {
        String text = string(p);
        try {
            return text == null ? null : KernelKind.fromId(text);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    private static ElfKind linkage(JsonParser p) throws IOException {
        String text = string(p);
        try {
            return text == null ? null : ElfKind.fromId(text);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }
}
