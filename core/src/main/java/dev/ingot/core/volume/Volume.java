package dev.ingot.core.volume;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A named disk that outlives instances: volumes/NAME/disk.raw (an ext2
 * filesystem made by the host's mkfs.ext2) plus volumes/NAME/volume.json
 * (this record's {@link Info}).
 */
public record Volume(Path dir, Info info) {
    /** volume.json: what `ingot volume ls` shows. */
    public record Info(int schemaVersion, String name, long sizeBytes, String filesystem, Instant created) {
        public static final int SCHEMA_VERSION = 1;
    }

    public String name() { return info.name(); }

    public Path disk() { return dir.resolve("disk.raw"); }

    public Path infoFile() { return dir.resolve("volume.json"); }
}
