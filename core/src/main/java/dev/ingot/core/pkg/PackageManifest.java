package dev.ingot.core.pkg;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a built package is (package.json beside its tree): where it came
 * from, how to start it, and its sizes.
 *
 * @param digest          the tree's digest (see Trees.digest): equal trees, equal digests
 * @param debs            the Debian packages it was made from, NAME=VERSION
 * @param hostLibraries   libraries an ELF file of the tree needs that no .deb of the closure held, copied from the host
 * @param unpackedBytes   the .debs' files before pruning
 * @param bytes           the tree after pruning
 */
public record PackageManifest(String name, String version, String digest, String what, List<String> debs,
                              String program, List<String> args, Map<String, String> env, String cwd,
                              List<String> hostLibraries, long unpackedBytes, long bytes, int files, Instant built) {
    public static final String FILE = "package.json";
}
