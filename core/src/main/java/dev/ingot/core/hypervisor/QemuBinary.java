package dev.ingot.core.hypervisor;

import dev.ingot.core.IngotException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds qemu-system-x86_64 on PATH, or says how to get it. */
public final class QemuBinary {
    private QemuBinary() {
    }

    public static Path locate() throws IngotException {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, QemuCommand.QEMU);
            if (Files.isExecutable(candidate)) return candidate;
        }
        throw new IngotException("QEMU is not installed (" + QemuCommand.QEMU
                + " is not on PATH): run ./setup, or apt-get install qemu-system-x86");
    }
}
