package dev.ingot.core.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ingot.core.elf.ElfKind;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.store.Digest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An image's manifest, itself a blob: the image's ID is the sha256 of these
 * JSON bytes. It names every part by digest (docs/images.md), says what the
 * image runs and how it was made. Parts are shared between images: an image
 * costs its manifest plus the parts no other image has.
 *
 * @param disk a raw bootable disk of the image, once disk images land; null (absent in JSON) until then
 * @param packages the package parts (cpio archives of a package's tree, shared by every image of the
 *                 package) booted before rootfs, which then holds only the image's own files; absent in
 *                 JSON when none
 */
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        String name,
        Instant created,
        String ingotVersion,
        Run run,
        Part kernel,
        Part rootfs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Part disk,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Part> packages,
        Program program) {

    /** The oldest schema this Ingot reads: the content-addressed store's first manifest. */
    public static final int OLDEST_SCHEMA_VERSION = 2;
    /** The first schema with {@code packages}. */
    public static final int PACKAGES_SCHEMA_VERSION = 3;
    /** The newest schema this Ingot reads and writes. */
    public static final int SCHEMA_VERSION = PACKAGES_SCHEMA_VERSION;

    public ImageManifest {
        // ManifestReader refuses a newer schema with its own message before it gets here.
        if (schemaVersion < OLDEST_SCHEMA_VERSION || schemaVersion > SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema version " + schemaVersion + ", this Ingot reads "
                    + OLDEST_SCHEMA_VERSION + " to " + SCHEMA_VERSION);
        }
        if (mediaType != null && !mediaType.equals(mediaType(schemaVersion))) {
            throw new IllegalArgumentException("media type " + mediaType + " with schema version " + schemaVersion);
        }
        if (name == null || run == null || kernel == null || rootfs == null || program == null || created == null) {
            throw new IllegalArgumentException("a required field is missing");
        }
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    /**
     * A new image's manifest, with the oldest schema that holds it: 3 when it has packages
     * (an Ingot that reads only 2 would drop them), else 2.
     */
    public static ImageManifest of(String name, Instant created, String ingotVersion, Run run, Part kernel, Part rootfs,
                                   List<Part> packages, Program program) {
        int schema = packages == null || packages.isEmpty() ? OLDEST_SCHEMA_VERSION : PACKAGES_SCHEMA_VERSION;
        return new ImageManifest(schema, mediaType(schema), name, created, ingotVersion, run, kernel, rootfs, null,
                packages, program);
    }

    /** The media type that goes with a schema version: application/vnd.ingot.image.manifest.v{N}+json. */
    public static String mediaType(int schemaVersion) {
        return "application/vnd.ingot.image.manifest.v" + schemaVersion + "+json";
    }

    /** What the image runs and how it wants to be booted. */
    public record Run(KernelKind kernel, List<String> argv, Map<String, String> env, List<PortForward> ports,
                      long memoryBytes, int cpus) {
        public Run {
            if (kernel == null || argv == null || argv.isEmpty()) throw new IllegalArgumentException("run needs kernel and argv");
            argv = List.copyOf(argv);
            env = env == null ? Map.of() : Map.copyOf(env);
            ports = ports == null ? List.of() : List.copyOf(ports);
        }
    }

    /** One part of the image, a blob. */
    public record Part(Digest digest, long size) {
        public Part {
            if (digest == null) throw new IllegalArgumentException("a part without a digest");
        }
    }

    /** What the ELF inspection found. */
    public record Program(String hostPath, String imagePath, ElfKind linkage, String interpreter,
                         List<Library> libraries) {}

    /** A shared library the image carries, and the host file it came from. */
    public record Library(String imagePath, String hostPath) {}

    public long totalSize() {
        long parts = packages.stream().mapToLong(Part::size).sum();
        return kernel.size() + parts + rootfs.size() + (disk == null ? 0 : disk.size());
    }
}
