package dev.ingot.core.rootfs;

import java.nio.file.Path;

/** One node of an image's file tree. Paths are absolute image paths ("/app/echo"). */
public sealed interface RootfsEntry {
    String path();

    int mode();

    record Directory(String path, int mode) implements RootfsEntry {}

    /** A file whose bytes come from a host file (read when the archive is written). */
    record HostFile(String path, int mode, Path source) implements RootfsEntry {}

    /** A file whose bytes the toolchain generates (argv, /etc files). */
    record Content(String path, int mode, byte[] bytes) implements RootfsEntry {}

    record Symlink(String path, String target) implements RootfsEntry {
        public int mode() {
            return 0777;
        }
    }
}
