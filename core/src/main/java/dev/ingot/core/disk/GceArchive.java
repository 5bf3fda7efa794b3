package dev.ingot.core.disk;

import dev.ingot.core.IngotException;
import dev.ingot.core.util.ExternalCommand;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A disk as Google Compute Engine's image import takes it
 * (cloud.google.com/compute/docs/import/import-existing-image): a file named
 * disk.raw whose size is a whole number of GiB, in a gzip-compressed tar.
 * Google's own instructions make it with `tar --format=oldgnu -Sczf`: the
 * old GNU format with sparse entries, so the zero padding up to the next
 * GiB costs nothing on disk and little to compress. GNU tar writes that
 * format; commons-compress reads sparse entries but does not write them.
 */
final class GceArchive {
    static final long GIB = 1L << 30;

    private GceArchive() {}

    /** Writes raw, padded to whole GiB, as disk.raw in a .tar.gz at out (a fresh file). */
    static void write(Path raw, Path out, Path scratch) throws IngotException {
        Path dir = scratch.resolve("gce");
        Path disk = dir.resolve("disk.raw");
        try {
            Files.createDirectories(dir);
            Files.copy(raw, disk);
            // The copy has the blob's read-only mode; the archive's entry should not.
            Files.setPosixFilePermissions(disk, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
                f.setLength(roundUp(f.length()));   // the padding is a hole: a sparse file
            }
        } catch (IOException e) {
            throw new IngotException("cannot prepare disk.raw in " + dir + ": " + e.getMessage());
        }
        ExternalCommand.run(List.of("tar", "--format=oldgnu", "-S", "-czf", out.toString(), "-C", dir.toString(), "disk.raw"),
                dir, Map.of(), line -> { }, "writing the GCE archive with tar");
    }

    static long roundUp(long bytes) {
        return Math.max(GIB, (bytes + GIB - 1) / GIB * GIB);
    }
}
