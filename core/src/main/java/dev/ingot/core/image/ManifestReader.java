package dev.ingot.core.image;

import dev.ingot.core.elf.ElfKind;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.store.Digest;
import dev.ingot.core.util.JsonReader;
import dev.ingot.core.util.JsonStream;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;


/**
 * Reads an image manifest with {@link JsonReader}: every `ingot run`
 * reads one, and the object mapper's set-up for these records cost more
 * than the rest of the image check. Reads what {@link dev.ingot.core.util.Json}
 * reads, to the same records (ImageManifestJsonTest holds the two equal).
 * Manifests are still written by the mapper: their bytes are their digest.
 * A manifest of a schema newer than this Ingot reads is refused with
 * {@link NewerSchemaException}, whatever else in it does not parse.
 */
public final class ManifestReader {
    private ManifestReader() {
    }

    /** A manifest written by a newer Ingot: its schema says what its fields mean, and this Ingot does not know it. */
    public static final class NewerSchemaException extends IOException {
        private final int schemaVersion;
        private final String name;

        NewerSchemaException(int schemaVersion, String name) {
            super("manifest schema " + schemaVersion + ", this Ingot reads " + ImageManifest.OLDEST_SCHEMA_VERSION
                    + " to " + ImageManifest.SCHEMA_VERSION);
            this.schemaVersion = schemaVersion;
            this.name = name;
        }

        public int schemaVersion() {
            return schemaVersion;
        }

        /** The image's name as the manifest gives it, or null. */
        public String name() {
            return name;
        }
    }

    public static ImageManifest parse(byte[] bytes) throws IOException {
        try {
            return JsonReader.parse(bytes, ManifestReader::manifest);
        } catch (NewerSchemaException e) {
            throw e;
        } catch (IOException e) {
            // A newer schema may change what a field holds: then that, not the field, is the reason to give.
            NewerSchemaException newer = newerSchema(bytes);
            if (newer != null) throw newer;
            throw e;
        }
    }

    /** The schema version and name of a manifest that does not parse as one this Ingot knows, if it is newer. */
    private static NewerSchemaException newerSchema(byte[] bytes) {
        var f = new Object() {
            int schemaVersion;
            String name;
        };
        try {
            JsonReader.parse(bytes, p -> {
                p.object((name, v) -> {
                    switch (name) {
                        case "schemaVersion" -> f.schemaVersion = v.intValue();
                        case "name" -> {
                            try {
                                f.name = v.string();
                            } catch (IOException notAString) {
                                v.skip();
                            }
                        }
                        default -> v.skip();
                    }
                });
                return null;
            });
        } catch (IOException e) {
            return null;
        }
        return f.schemaVersion > ImageManifest.SCHEMA_VERSION ? new NewerSchemaException(f.schemaVersion, f.name) : null;
    }

    private static ImageManifest manifest(JsonReader p) throws IOException {
        var f = new Object() {
            int schemaVersion;
            String mediaType, name, ingotVersion;
            Instant created;
            ImageManifest.Run run;
            ImageManifest.Part kernel, rootfs, disk;
            List<ImageManifest.Part> packages;
            ImageManifest.Program program;
        };
        p.object((name, v) -> {
            switch (name) {
                case "schemaVersion" -> f.schemaVersion = v.intValue();
                case "mediaType" -> f.mediaType = v.string();
                case "name" -> f.name = v.string();
                case "created" -> f.created = v.instant();
                case "ingotVersion" -> f.ingotVersion = v.string();
                case "run" -> f.run = v.nullable(ManifestReader::run);
                case "kernel" -> f.kernel = v.nullable(ManifestReader::part);
                case "rootfs" -> f.rootfs = v.nullable(ManifestReader::part);
                case "disk" -> f.disk = v.nullable(ManifestReader::part);
                case "packages" -> f.packages = v.list(ManifestReader::part);
                case "program" -> f.program = v.nullable(ManifestReader::program);
                default -> v.skip();
            }
        });
        if (f.schemaVersion > ImageManifest.SCHEMA_VERSION) throw new NewerSchemaException(f.schemaVersion, f.name);
        try {
            return new ImageManifest(f.schemaVersion, f.mediaType, f.name, f.created, f.ingotVersion, f.run, f.kernel,
                    f.rootfs, f.disk, f.packages, f.program);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    private static ImageManifest.Run run(JsonReader p) throws IOException {
        var f = new Object() {
            KernelKind kernel;
            List<String> argv;
            Map<String, String> env;
            List<PortForward> ports;
            long memoryBytes;
            int cpus;
        };
        p.object((name, v) -> {
            switch (name) {
                case "kernel" -> f.kernel = kernel(v);
                case "argv" -> f.argv = v.list(JsonReader::string);
                case "env" -> f.env = v.stringMap();
                case "ports" -> f.ports = v.list(ManifestReader::port);
                case "memoryBytes" -> f.memoryBytes = v.longValue();
                case "cpus" -> f.cpus = v.intValue();
                default -> v.skip();
            }
        });
        try {
            return new ImageManifest.Run(f.kernel, f.argv, f.env, f.ports, f.memoryBytes, f.cpus);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    private static ImageManifest.Part part(JsonReader p) throws IOException {
        var f = new Object() {
            Digest digest;
            long size;
        };
        p.object((name, v) -> {
            switch (name) {
                case "digest" -> f.digest = digest(v);
                case "size" -> f.size = v.longValue();
                default -> v.skip();
            }
        });
        try {
            return new ImageManifest.Part(f.digest, f.size);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    private static ImageManifest.Program program(JsonReader p) throws IOException {
        var f = new Object() {
            String hostPath, imagePath, interpreter;
            ElfKind linkage;
            List<ImageManifest.Library> libraries;
        };
        p.object((name, v) -> {
            switch (name) {
                case "hostPath" -> f.hostPath = v.string();
                case "imagePath" -> f.imagePath = v.string();
                case "linkage" -> f.linkage = linkage(v);
                case "interpreter" -> f.interpreter = v.string();
                case "libraries" -> f.libraries = v.list(ManifestReader::library);
                default -> v.skip();
            }
        });
        return new ImageManifest.Program(f.hostPath, f.imagePath, f.linkage, f.interpreter, f.libraries);
    }

    private static ImageManifest.Library library(JsonReader p) throws IOException {
        var f = new Object() {
            String imagePath, hostPath;
        };
        p.object((name, v) -> {
            switch (name) {
                case "imagePath" -> f.imagePath = v.string();
                case "hostPath" -> f.hostPath = v.string();
                default -> v.skip();
            }
        });
        return new ImageManifest.Library(f.imagePath, f.hostPath);
    }

    /** A port forward as the mapper writes the record: its four fields by name. */
    public static PortForward port(JsonReader p) throws IOException {
        var f = new Object() {
            String hostAddress, protocol;
            int hostPort, guestPort;
        };
        p.object((name, v) -> {
            switch (name) {
                case "hostAddress" -> f.hostAddress = v.string();
                case "hostPort" -> f.hostPort = v.intValue();
                case "guestPort" -> f.guestPort = v.intValue();
                case "protocol" -> f.protocol = v.string();
                default -> v.skip();
            }
        });
        return new PortForward(f.hostAddress, f.hostPort, f.guestPort, f.protocol);
    }

    public static Digest digest(JsonReader p) throws IOException {
        String text = p.string();
        try {
            return text == null ? null : Digest.parse(text);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    public static KernelKind kernel(JsonReader p) throws IOException {
        String text = p.string();
        try {
            return text == null ? null : KernelKind.fromId(text);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    private static ElfKind linkage(JsonReader p) throws IOException {
        String text = p.string();
        try {
            return text == null ? null : ElfKind.fromId(text);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }
}
