package dev.ingot.core.disk;

import dev.ingot.core.ConflictException;
import dev.ingot.core.IngotException;
import dev.ingot.core.util.ExternalCommand;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a raw boot disk to a file in one of the {@link ExportFormat}s:
 * a copy for raw, `qemu-img convert` for the hypervisor formats, a tar.gz
 * for GCE. The output appears whole or not at all: everything is written to
 * a hidden file beside it and renamed into place, and an interrupted export
 * (an error, Ctrl-C) removes what it wrote.
 */
public final class DiskExporter {
    private DiskExporter() {}

    /** Checks the output before any work: not a folder, not there already unless forced, in a folder that exists. */
    public static void checkOutput(Path out, boolean force) throws IngotException {
        Path abs = out.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IngotException("cannot write " + out + ": it is a folder; give a file name (-o " + out + "/disk.img)");
        }
        if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new ConflictException(out + " already exists: choose another -o, or --force to replace it");
        }
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IngotException("cannot write " + out + ": the folder " + parent + " does not exist");
        }
    }

    /** Exports raw as format to out (replacing it only with force). */
    public static void export(Path raw, ExportFormat format, Path out, boolean force) throws IngotException {
        checkOutput(out, force);
        Path abs = out.toAbsolutePath();
        Path parent = abs.getParent();
        String hidden = "." + abs.getFileName() + ".";
        List<Path> leftovers = new ArrayList<>();
        Thread cleanup = new Thread(() -> leftovers.forEach(DiskExporter::deleteQuietly));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Path tmp;
            try {
                tmp = Files.createTempFile(parent, hidden, ".tmp");
            } catch (AccessDeniedException e) {
                throw new IngotException("cannot write " + out + ": permission denied in " + parent);
            } catch (IOException e) {
                throw new IngotException("cannot write " + out + ": " + e.getMessage());
            }
            leftovers.add(tmp);
            try {
                switch (format) {
                    case RAW -> Files.copy(raw, tmp, StandardCopyOption.REPLACE_EXISTING);
                    case GCE -> {
                        Path scratch = Files.createTempDirectory(parent, hidden);
                        leftovers.add(scratch);
                        GceArchive.write(raw, tmp, scratch);
                    }
                    default -> convert(raw, format, tmp);
                }
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                if (!force && Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new ConflictException(out + " appeared while it was being written: choose another -o, or --force");
                }
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (NoSuchFileException e) {
                throw new IngotException("cannot write " + out + ": " + e.getFile() + " vanished while it was being written");
            } catch (IOException e) {
                throw new IngotException("cannot write " + out + ": " + e.getMessage());
            }
        } finally {
            leftovers.forEach(DiskExporter::deleteQuietly);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException ignored) {
                // the JVM is exiting: the hook runs and finds nothing left
            }
        }
    }

    private static void convert(Path raw, ExportFormat format, Path tmp) throws IngotException {
        List<String> cmd = new ArrayList<>(List.of("qemu-img", "convert", "-f", "raw"));
        cmd.addAll(format.qemuImgArgs());
        cmd.addAll(List.of(raw.toString(), tmp.toString()));
        ExternalCommand.run(cmd, tmp.getParent(), Map.of(), line -> { }, "qemu-img convert to " + format.id());
    }

    private static void deleteQuietly(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException ignored) {
            // a hidden leftover beside the output at worst; nothing else depends on it
        }
    }
}
