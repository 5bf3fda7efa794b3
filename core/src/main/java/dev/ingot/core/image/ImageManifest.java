package dev.ingot.core.image;

import java.util.List;
import java.util.Map;

/**
 * manifest.json of an image: what it runs, how it was made and checksums of
 * its parts, so `ingot inspect` can show it and a later run can trust it.
 */
public record ImageManifest(
        int formatVersion,
        String name,
        String created,
        String ingotVersion,
        Run run,
        Part kernel,
        Part rootfs,
        Program program) {

    public static final int FORMAT_VERSION = 1;

    /** What the image runs and how it wants to be booted. */
    public record Run(String kernel, List<String> argv, Map<String, String> env, List<String> ports,
                      long memoryBytes, int cpus) {}

    /** One file of the image. */
    public record Part(String file, long size, String sha256) {}

    /** What the ELF inspection found. */
    public record Program(String hostPath, String imagePath, String linkage, String interpreter,
                          List<String> libraries) {}
}
