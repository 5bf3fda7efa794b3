package dev.ingot.core.volume;

import dev.ingot.core.ConflictException;
import dev.ingot.core.DamagedFileException;
import dev.ingot.core.IngotException;
import dev.ingot.core.NotFoundException;
import dev.ingot.core.UsageException;
import dev.ingot.core.instance.Instance;
import dev.ingot.core.instance.InstanceStore;
import dev.ingot.core.util.ExternalCommand;
import dev.ingot.core.util.Json;
import dev.ingot.core.util.Names;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The volumes under INGOT_HOME/volumes: one folder per volume (see
 * {@link Volume}). A volume is made whole in a hidden scratch folder and
 * then renamed into place, so a failed mkfs leaves nothing and two creates
 * of one name cannot both win. "In use" means a running instance's QEMU
 * command names the volume's disk; QEMU's own lock on the disk file backs
 * that check up against a race between two starts.
 */
public final class VolumeStore {
    /** ext2 without the features the native kernel's driver leaves out (docs/volumes.md). */
    static final List<String> MKFS_OPTIONS = List.of("-q", "-F", "-t", "ext2", "-b", "4096", "-m", "0",
            "-O", "^resize_inode,^dir_index,^ext_attr", "-E", "root_owner=0:0");

    private final Path root;
    private final InstanceStore instances;

    public VolumeStore(Path root, InstanceStore instances) {
        this.root = root;
        this.instances = instances;
    }

    public Volume create(String name, String sizeText) throws IngotException {
        checkName(name);
        long size = VolumeSize.parse(sizeText);
        Path dir = root.resolve(name);
        if (Files.exists(dir)) throw new ConflictException("volume " + name + " already exists (ingot volume ls)");
        Path scratch = root.resolve(".new-" + name + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(scratch);
            Volume draft = new Volume(scratch, new Volume.Info(Volume.Info.SCHEMA_VERSION, name, size, "ext2",
                    Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            try (RandomAccessFile f = new RandomAccessFile(draft.disk().toFile(), "rw")) {
                f.setLength(size); // sparse: the host stores only what is written
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(mkfs());
            cmd.addAll(MKFS_OPTIONS);
            cmd.addAll(List.of("-L", name.length() > 16 ? name.substring(0, 16) : name, draft.disk().toString()));
            ExternalCommand.run(cmd, scratch, Map.of(), line -> { }, "mkfs.ext2 for volume " + name);
            Files.write(draft.infoFile(), Json.bytes(draft.info()));
            try {
                Files.move(scratch, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                throw new ConflictException("volume " + name + " already exists (ingot volume ls)");
            } catch (AtomicMoveNotSupportedException e) {
                throw new IngotException("cannot create volume " + name + ": " + root + " does not support renames");
            }
            return new Volume(dir, draft.info());
        } catch (IOException e) {
            throw new IngotException("cannot create volume " + name + " under " + root + ": " + e.getMessage());
        } finally {
            deleteTree(scratch);
        }
    }

    public List<Volume> list() throws IngotException {
        if (!Files.isDirectory(root)) return List.of();
        List<Volume> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                if (dir.getFileName().toString().startsWith(".")) continue;
                out.add(read(dir));
            }
        } catch (IOException e) {
            throw new IngotException("cannot list volumes under " + root + ": " + e.getMessage());
        }
        return out;
    }

    public Volume get(String name) throws IngotException {
        checkName(name);
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new NotFoundException("no volume named " + name + ": create it with ingot volume create " + name + " SIZE");
        }
        return read(dir);
    }

    /** Names of the running instances that have the volume attached. */
    public List<String> users(Volume v) throws IngotException {
        String disk = "file=" + v.disk().toAbsolutePath().toString().replace(",", ",,") + ",";
        List<String> out = new ArrayList<>();
        for (Instance i : instances.list()) {
            if (i.state().command().stream().anyMatch(w -> w.startsWith(disk)) && i.process().isPresent()) {
                out.add(i.state().name());
            }
        }
        return out;
    }

    /** Fails if a running instance has it: one writer at a time, or the filesystem is ruined. */
    public void checkFree(Volume v) throws IngotException {
        List<String> users = users(v);
        if (!users.isEmpty()) {
            throw new ConflictException("volume " + v.name() + " is in use by running instance " + users.getFirst()
                    + ": stop it first (ingot stop " + users.getFirst() + ")");
        }
    }

    public Volume remove(String name) throws IngotException {
        Volume v = get(name);
        checkFree(v);
        Path trash = root.resolve(".rm-" + name + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.move(v.dir(), trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IngotException("cannot remove volume " + name + ": " + e.getMessage());
        }
        deleteTree(trash);
        return v;
    }

    private static void checkName(String name) throws UsageException {
        if (!Names.isValid(name)) {
            throw new UsageException("bad volume name '" + name
                    + "': use letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)");
        }
    }

    private static Volume read(Path dir) throws IngotException {
        Path info = dir.resolve("volume.json");
        try {
            return new Volume(dir, Json.read(info, Volume.Info.class, "volume"));
        } catch (IOException e) {
            throw new DamagedFileException(info, "volume", e);
        }
    }

    /** mkfs.ext2 from e2fsprogs; /usr/sbin is not on every user's PATH. */
    private static String mkfs() throws IngotException {
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mkfs.ext2"))) return Path.of(dir, "mkfs.ext2").toString();
        }
        for (String p : List.of("/usr/sbin/mkfs.ext2", "/sbin/mkfs.ext2")) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        throw new IngotException("mkfs.ext2 not found: install e2fsprogs (./setup does)");
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // scratch left behind: hidden, and skipped by list()
        }
    }
}
